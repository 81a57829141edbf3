/** Chooses the store adapter from TAI_DB_URL: none = SQLite in the data dir, postgres:// = PostgreSQL. */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from './interface.ts';
import { openPostgresStore } from './postgres/postgres-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';

export const describeStore = (dbUrl: string | undefined, dataDir: string): string =>
  dbUrl === undefined ? `sqlite:${resolve(join(dataDir, 'tai.db'))}` : dbUrl.replace(/\/\/[^@/]*@/, '//***@');

export const openStore = (dbUrl: string | undefined, dataDir: string): Promise<Store> => {
  if (dbUrl === undefined) return openSqliteStore(join(dataDir, 'tai.db'));
  const url = new URL(dbUrl);
  if (url.protocol === 'sqlite:') return openSqliteStore(fileURLToPath(`file:${url.pathname}`));
  return openPostgresStore(dbUrl);
};
