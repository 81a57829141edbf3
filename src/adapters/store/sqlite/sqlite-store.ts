/**
 * SQLite adapter (better-sqlite3, WAL). One write connection whose transactions are group-committed
 * and made durable by an fsync of the WAL before any caller is answered (see group-commit.ts), and one
 * read-only connection that sees only committed data, with a cache of the reads every request repeats
 * (see read-cache.ts).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Store, StoreReader, StoreTx } from '../interface.ts';
import { LATEST_VERSION } from '../migrations/index.ts';
import type { SqlConn, SqlParam } from '../sql/conn.ts';
import { currentVersion, migrate } from '../sql/migrate.ts';
import { bindRepositories } from '../sql/repositories.ts';
import { GroupCommitter } from './group-commit.ts';
import { ReadCache } from './read-cache.ts';

type Db = Database.Database;

/**
 * A connection over better-sqlite3. With a cache, a reader serves the cached statements through it and
 * a writer tells it what each statement changed.
 */
const connOf = (db: Db, cached?: { readonly cache: ReadCache; readonly role: 'reader' | 'writer' }): SqlConn => {
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  const reads = cached?.role === 'reader' ? cached.cache : undefined;
  const writes = cached?.role === 'writer' ? cached.cache : undefined;
  const read = <R>(sql: string, params: readonly SqlParam[], load: () => R): R =>
    reads ? reads.through(sql, params, load) : load();
  return {
    dialect: 'sqlite',
    all: <T>(sql: string, params: readonly SqlParam[] = []) =>
      Promise.resolve(read(sql, params, () => prepare(sql).all(...params)) as T[]),
    get: <T>(sql: string, params: readonly SqlParam[] = []) =>
      Promise.resolve(read(sql, params, () => prepare(sql).get(...params)) as T | undefined),
    run: (sql: string, params: readonly SqlParam[] = []) => {
      const { changes } = prepare(sql).run(...params);
      writes?.wrote(sql, changes);
      return Promise.resolve(changes);
    },
    lock: () => Promise.resolve(),
    exec: (script: string) => {
      db.exec(script);
      writes?.clear();
      return Promise.resolve();
    },
  };
};

/**
 * fdatasync of the WAL (through libuv's thread pool), as SQLite itself syncs its WAL on Linux: the data
 * and the size needed to read it back; fsync of the database file itself when no WAL exists yet. The
 * WAL's handle stays open: the file lives as long as the write connection does.
 */
const walSyncer = (wal: string, db: string): { sync: () => Promise<void>; close: () => Promise<void> } => {
  let walHandle: Promise<FileHandle> | null = null;
  const close = async (): Promise<void> => {
    const h = walHandle;
    walHandle = null;
    await (await h?.catch(() => null))?.close();
  };
  const syncDbFile = async (): Promise<void> => {
    const handle = await open(db, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  };
  return {
    sync: async () => {
      if (walHandle === null) {
        const opening = open(wal, 'r');
        walHandle = opening;
        try {
          await opening;
        } catch (e) {
          walHandle = null;
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
          return syncDbFile();
        }
      }
      try {
        await (await walHandle).datasync();
      } catch (e) {
        await close().catch(() => undefined);
        throw e;
      }
    },
    close,
  };
};

/** Told of each group-commit batch: its size and its fsync's duration in seconds (the metrics). */
export type CommitObserver = (batchSize: number, fsyncSeconds: number) => void;

export const openSqliteStore = async (
  file: string,
  nowIso: () => string = () => new Date().toISOString(),
  observeCommits?: CommitObserver,
): Promise<Store> => {
  mkdirSync(dirname(file), { recursive: true });
  const writer = new Database(file);
  writer.pragma('journal_mode = WAL');
  // COMMIT does not sync; the group committer fsyncs the WAL off the event loop before acknowledging.
  writer.pragma('synchronous = NORMAL');
  writer.pragma('foreign_keys = ON');
  writer.pragma('busy_timeout = 5000');
  const cache = new ReadCache();
  const writeConn = connOf(writer, { cache, role: 'writer' });
  const wal = walSyncer(`${file}-wal`, file);
  const committer = new GroupCommitter(writer, wal.sync, () => cache.ended());
  if (observeCommits !== undefined) committer.observe = observeCommits;
  const inTransaction = <T>(fn: (db: SqlConn) => Promise<T>): Promise<T> => committer.run(() => fn(writeConn));

  await migrate('sqlite', inTransaction, nowIso);

  const reader = new Database(file, { readonly: true });
  reader.pragma('busy_timeout = 5000');
  const readRepos: StoreReader = bindRepositories(connOf(reader, { cache, role: 'reader' }));
  const txRepos: StoreTx = bindRepositories(writeConn, (key, work) => committer.beforeCommit(key, work));

  return {
    kind: 'sqlite',
    transaction: (fn) => inTransaction(() => fn(txRepos)),
    read: (fn) => fn(readRepos),
    scope: (customerId) => readRepos.forCustomer(customerId),
    touchApiKey: (keyId, at) =>
      inTransaction(async (db) => {
        await db.run('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [at, keyId]);
      }),
    migrationStatus: async () => ({ current: await currentVersion(connOf(reader)), latest: LATEST_VERSION }),
    ping: async () => {
      await connOf(reader).get('SELECT 1');
    },
    close: () =>
      committer
        .run(() => Promise.resolve())
        .then(wal.close)
        .then(() => {
          reader.close();
          writer.close();
        }),
  };
};
