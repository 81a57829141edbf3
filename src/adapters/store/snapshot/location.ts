/**
 * Store URLs as the backup commands take them: the forms of TAI_DB_URL (none: SQLite in the data dir,
 * `sqlite:/path/file.db`, `postgres://...`), and on PostgreSQL an optional `?schema=NAME` for a store that
 * lives in a schema of its own. A bare path is a SQLite file.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StoreLocation } from './interface.ts';

export const parseStoreLocation = (url: string | undefined, dataDir: string): StoreLocation => {
  if (url === undefined) return { kind: 'sqlite', file: resolve(join(dataDir, 'tai.db')) };
  if (!/^[a-z]+:/.test(url)) return { kind: 'sqlite', file: resolve(url) };
  const u = new URL(url);
  if (u.protocol === 'sqlite:') return { kind: 'sqlite', file: fileURLToPath(`file:${u.pathname}`) };
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:')
    throw new Error(`a store URL is sqlite:/path/file.db or postgres://..., not ${u.protocol}`);
  const schema = u.searchParams.get('schema');
  if (schema === null) return { kind: 'postgres', url };
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`schema ${schema} is not a plain lowercase name`);
  u.searchParams.delete('schema');
  return { kind: 'postgres', url: u.toString(), schema };
};

/** The location without credentials, for manifests and messages. */
export const describeLocation = (l: StoreLocation): string =>
  l.kind === 'sqlite'
    ? `sqlite:${l.file}`
    : `${l.url.replace(/\/\/[^@/]*@/, '//***@')}${l.schema === undefined ? '' : ` (schema ${l.schema})`}`;

export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;
