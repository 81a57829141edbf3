/**
 * SQLite snapshots and restore targets. A snapshot is `VACUUM INTO` a work file: SQLite writes a
 * consistent copy from one read transaction, online (the service keeps writing; WAL contents included,
 * which a copy of the database file alone would miss); the tables are then read from that copy. VACUUM
 * INTO runs on a worker thread, so a service taking its scheduled backup keeps answering meanwhile, and the
 * rows are read a batch per event-loop turn for the same reason. A restore
 * loads every table in one IMMEDIATE transaction (no other writer meanwhile) and reads the rows back on the
 * same connection before COMMIT.
 */
import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { Row } from '../../../domain/backup/rows.ts';
import { BOOKKEEPING_TABLES, loadOrder, orderColumns, type TableInfo } from '../../../domain/backup/table-order.ts';
import { DomainError } from '../../../domain/errors/domain-error.ts';
import { openSqliteStore } from '../sqlite/sqlite-store.ts';
import type { RestoreSession, Snapshot, TableReader } from './interface.ts';
import { quoteIdent as q } from './location.ts';

type Db = Database.Database;
const BATCH = 2000;

const discover = (db: Db): TableInfo[] => {
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    .pluck()
    .all() as string[];
  const tables = names
    .filter((n) => !BOOKKEEPING_TABLES.includes(n))
    .map((name): TableInfo => {
      const cols = db.prepare(`PRAGMA table_info(${q(name)})`).all() as { name: string; pk: number }[];
      const fks = db.prepare(`PRAGMA foreign_key_list(${q(name)})`).all() as { table: string }[];
      return {
        name,
        columns: cols.map((c) => c.name),
        primaryKey: cols
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name),
        references: [...new Set(fks.map((f) => f.table))],
      };
    });
  return loadOrder(tables);
};

const schemaVersionOf = (db: Db): number => {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  return has === undefined ? 0 : Number(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() ?? 0);
};

const readerOf = (db: Db): TableReader => ({
  kind: 'sqlite',
  schemaVersion: schemaVersionOf(db),
  tables: discover(db),
  async *rows(table, columns) {
    const sql = `SELECT ${columns.map(q).join(', ')} FROM ${q(table.name)} ORDER BY ${orderColumns(table).map(q).join(', ')}`;
    let batch: Row[] = [];
    for (const row of db.prepare(sql).raw(true).iterate() as Iterable<Row>) {
      batch.push(row);
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
        await nextTurn();
      }
    }
    if (batch.length > 0) yield batch;
  },
  count: (table) =>
    Promise.resolve(
      Number(
        db
          .prepare(`SELECT COUNT(*) FROM ${q(table.name)}`)
          .pluck()
          .get(),
      ),
    ),
});

const VACUUM_INTO = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
try {
  db.pragma('busy_timeout = 5000');
  db.prepare('VACUUM INTO ?').run(workerData.workFile);
} finally {
  db.close();
}
parentPort.postMessage('done');
`;

const vacuumInto = (file: string, workFile: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(VACUUM_INTO, { eval: true, workerData: { driver, file, workFile } });
    let done = false;
    worker.on('message', () => {
      done = true;
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (done ? resolve() : reject(new Error(`VACUUM INTO stopped (exit ${code})`))));
  });

export const openSqliteSnapshot = async (file: string, workFile: string): Promise<Snapshot> => {
  if (!existsSync(file)) throw new Error(`there is no SQLite database at ${file}`);
  rmSync(workFile, { force: true });
  await vacuumInto(file, workFile);
  const db = new Database(workFile, { readonly: true, fileMustExist: true });
  return {
    ...readerOf(db),
    close: () => {
      db.close();
      rmSync(workFile, { force: true });
      return Promise.resolve();
    },
  };
};

const tablesWithRows = (db: Db, tables: readonly TableInfo[]): string[] =>
  tables.filter((t) => db.prepare(`SELECT 1 FROM ${q(t.name)} LIMIT 1`).get() !== undefined).map((t) => t.name);

const refuseNonEmpty = (tables: readonly string[]): void => {
  if (tables.length > 0)
    throw new DomainError('TAI-BACKUP-TARGET-NOT-EMPTY', { detail: `rows in ${tables.join(', ')}` });
};

export const openSqliteRestoreTarget = async (file: string): Promise<RestoreSession> => {
  if (existsSync(file)) {
    const peek = new Database(file, { readonly: true, fileMustExist: true });
    try {
      refuseNonEmpty(tablesWithRows(peek, discover(peek)));
    } finally {
      peek.close();
    }
  }
  await (await openSqliteStore(file)).close(); // creates the schema at this build's version
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec('BEGIN IMMEDIATE');
  let open = true;
  const reader = readerOf(db);
  try {
    refuseNonEmpty(tablesWithRows(db, reader.tables));
  } catch (e) {
    db.exec('ROLLBACK');
    db.close();
    throw e;
  }
  const inserts = new Map<string, Database.Statement>();
  return {
    ...reader,
    insert: (table, columns, rows) => {
      let stmt = inserts.get(table.name);
      if (stmt === undefined) {
        stmt = db.prepare(
          `INSERT INTO ${q(table.name)} (${columns.map(q).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        );
        inserts.set(table.name, stmt);
      }
      for (const r of rows) stmt.run(...r);
      return Promise.resolve();
    },
    settle: () => Promise.resolve(),
    commit: () => {
      db.exec('COMMIT');
      open = false;
      db.pragma('wal_checkpoint(TRUNCATE)');
      return Promise.resolve();
    },
    close: () => {
      if (open) db.exec('ROLLBACK');
      open = false;
      db.close();
      return Promise.resolve();
    },
  };
};
