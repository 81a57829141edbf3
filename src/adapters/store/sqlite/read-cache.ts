/**
 * A cache of the few reads every authenticated request repeats (its API key, its customer, the
 * customer's current contract, the index of its pricing versions), for the SQLite store only.
 *
 * It is correct because this process's write connection is the only writer of those tables: every
 * statement that changes rows of a table drops that table's entries at once, and again when the
 * transaction (or group-commit batch) that changed it ends, so a read that ran between the change and
 * its commit (and saw the committed state before it) cannot outlive the commit. Cached values are the
 * raw rows; the repositories still map them into fresh objects. Misses are not cached, so unknown ids
 * cannot fill it, and it is bounded all the same.
 *
 * PostgreSQL has no such cache: several instances may write to one database.
 */
import type { SqlParam } from '../sql/conn.ts';

/** The statements the cache serves, each with the one table its result depends on. */
const CACHEABLE: ReadonlyMap<string, string> = new Map([
  ['SELECT * FROM api_keys WHERE id = ?', 'api_keys'],
  ['SELECT * FROM customers WHERE id = ?', 'customers'],
  ['SELECT * FROM contracts WHERE customer_id = ? ORDER BY recorded_at DESC, id DESC LIMIT 1', 'contracts'],
  ['SELECT version, effective_from FROM pricing_versions WHERE customer_id = ? ORDER BY version', 'pricing_versions'],
]);

const WRITE = /^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?/i;

/** The table a data-changing statement writes, or undefined for anything else. */
export const writtenTable = (sql: string): string | undefined => WRITE.exec(sql)?.[1]?.toLowerCase();

export class ReadCache {
  readonly #byTable = new Map<string, Map<string, unknown>>();
  readonly #maxPerTable: number;
  /** Tables changed by the transaction now open, to drop again when it ends. */
  readonly #dirty = new Set<string>();

  constructor(maxPerTable = 10_000) {
    this.#maxPerTable = maxPerTable;
  }

  /** The cached result of a served statement, or load() (cached when it found something). */
  through<T>(sql: string, params: readonly SqlParam[], load: () => T): T {
    const table = CACHEABLE.get(sql);
    if (table === undefined) return load();
    const key = `${sql}\u0000${params.join('\u0000')}`;
    let entries = this.#byTable.get(table);
    if (entries?.has(key)) {
      return entries.get(key) as T;
    }
    const value = load();
    if (value === undefined || (Array.isArray(value) && value.length === 0)) return value;
    if (!entries) {
      entries = new Map();
      this.#byTable.set(table, entries);
    }
    if (entries.size >= this.#maxPerTable) entries.clear();
    entries.set(key, value);
    return value;
  }

  /** A statement changed `changes` rows: drop what it may have made stale. */
  wrote(sql: string, changes: number): void {
    if (changes === 0) return;
    const table = writtenTable(sql);
    if (table === undefined) {
      this.clear();
      return;
    }
    this.#dirty.add(table);
    this.#byTable.delete(table);
  }

  /** The write transaction ended (committed or rolled back). */
  ended(): void {
    for (const table of this.#dirty) this.#byTable.delete(table);
    this.#dirty.clear();
  }

  /** Drops everything: a script ran (migrations), or a statement wrote a table this could not name. */
  clear(): void {
    this.#byTable.clear();
  }
}
