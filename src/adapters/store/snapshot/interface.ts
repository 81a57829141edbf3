/**
 * The snapshot port: a consistent, read-only view of a store's tables for a backup, and a restore target
 * that loads rows into an empty store in one transaction and reads them back before it commits. Tables are
 * discovered from the schema, so the backup needs no list of them.
 */
import type { Row } from '../../../domain/backup/rows.ts';
import type { TableInfo } from '../../../domain/backup/table-order.ts';

export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string };

export interface TableReader {
  readonly kind: StoreLocation['kind'];
  /** The schema migration the store is at. */
  readonly schemaVersion: number;
  /** Every data table (bookkeeping excluded), in load order. */
  readonly tables: readonly TableInfo[];
  /** The rows of `table`, `columns` in that order, sorted by the table's order columns; in batches. */
  rows(table: TableInfo, columns: readonly string[]): AsyncIterable<readonly Row[]>;
  count(table: TableInfo): Promise<number>;
}

export interface Snapshot extends TableReader {
  /** Ends the snapshot and removes what it made. */
  close(): Promise<void>;
}

/** A restore in progress: everything between open and commit is one transaction, with the tables locked. */
export interface RestoreSession extends TableReader {
  insert(table: TableInfo, columns: readonly string[], rows: readonly Row[]): Promise<void>;
  /** After the last insert: anything the store keeps beside the rows (sequences) is brought level with them. */
  settle(): Promise<void>;
  commit(): Promise<void>;
  /** Rolls back (if not committed) and closes. */
  close(): Promise<void>;
}

export interface SnapshotStores {
  /** A consistent snapshot of the store, taken online; `workFile` may hold a copy while it lasts. */
  snapshot(location: StoreLocation, workFile: string): Promise<Snapshot>;
  /**
   * Opens an empty store for a restore, creating its schema. Refuses (TAI-BACKUP-TARGET-NOT-EMPTY) a store
   * with any row in any table, before changing anything in it.
   */
  restoreTarget(location: StoreLocation): Promise<RestoreSession>;
}
