/** Chooses the store adapter from TAI_DB_URL: none = SQLite in the data dir, postgres:// = PostgreSQL. */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from './interface.ts';
import { openPostgresStore } from './postgres/postgres-store.ts';
import { openSqliteStore, type CommitObserver } from './sqlite/sqlite-store.ts';

export const describeStore = (dbUrl: string | undefined, dataDir: string): string =>
  dbUrl === undefined ? `sqlite:${resolve(join(dataDir, 'tai.db'))}` : dbUrl.replace(/\/\/[^@/]*@/, '//***@');

/** The store could not be opened: where (credentials hidden), and the driver's error code when it has one. */
export class StoreOpenError extends Error {
  constructor(
    readonly where: string,
    readonly code: string | undefined,
    override readonly cause: unknown,
  ) {
    super(
      `cannot open the store ${where}${code === undefined ? '' : ` (${code})`}: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'StoreOpenError';
  }
}

/** The SQLite file a store URL names, or null for PostgreSQL. */
export const sqliteFileOf = (dbUrl: string | undefined, dataDir: string): string | null => {
  if (dbUrl === undefined) return join(dataDir, 'tai.db');
  const url = new URL(dbUrl);
  return url.protocol === 'sqlite:' ? fileURLToPath(`file:${url.pathname}`) : null;
};

/** `observeCommits` hears of SQLite's group-commit batches (PostgreSQL commits each transaction alone). */
export const openStore = async (
  dbUrl: string | undefined,
  dataDir: string,
  observeCommits?: CommitObserver,
): Promise<Store> => {
  try {
    const file = sqliteFileOf(dbUrl, dataDir);
    return await (file === null ? openPostgresStore(dbUrl ?? '') : openSqliteStore(file, undefined, observeCommits));
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new StoreOpenError(describeStore(dbUrl, dataDir), typeof code === 'string' ? code : undefined, e);
  }
};
