/**
 * PostgreSQL adapter (pg). Each transaction holds one pooled client from BEGIN to COMMIT; reads use
 * the pool directly and see committed data. BIGINT comes back as a JS number (ids and counters stay
 * far below 2^53).
 */
import pg from 'pg';
import type { Store } from '../interface.ts';
import { LATEST_VERSION } from '../migrations/index.ts';
import type { SqlConn, SqlParam } from '../sql/conn.ts';
import { currentVersion, migrate } from '../sql/migrate.ts';
import { bindRepositories, type BeforeCommit } from '../sql/repositories.ts';

const INT8_OID = 20;
const MIGRATION_LOCK_KEY = 7_231_001;

/** Type parsers with BIGINT as a JS number; every connection to our schema uses them. */
export const BIGINT_AS_NUMBER = {
  getTypeParser: ((oid: number, format?: string): unknown =>
    oid === INT8_OID
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const numbered = new Map<string, string>();
/** `?` placeholders to `$1, $2, ...`. Our statements never contain a literal question mark. */
const toPg = (sql: string): string => {
  let out = numbered.get(sql);
  if (out === undefined) {
    let i = 0;
    out = sql.replace(/\?/g, () => `$${++i}`);
    numbered.set(sql, out);
  }
  return out;
};

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

const connOf = (q: Queryable): SqlConn => ({
  dialect: 'postgres',
  all: async <T>(sql: string, params: readonly SqlParam[] = []) => (await q.query(toPg(sql), [...params])).rows as T[],
  get: async <T>(sql: string, params: readonly SqlParam[] = []) =>
    (await q.query(toPg(sql), [...params])).rows[0] as T | undefined,
  run: async (sql: string, params: readonly SqlParam[] = []) => (await q.query(toPg(sql), [...params])).rowCount ?? 0,
  lock: async (key: string) => {
    await q.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  },
  exec: async (script: string) => {
    await q.query(script);
  },
});

interface PostgresOptions {
  /** Schema to create and use (tests isolate themselves this way). */
  readonly schema?: string;
  readonly maxConnections?: number;
}

export const openPostgresStore = async (
  url: string,
  options: PostgresOptions = {},
  nowIso: () => string = () => new Date().toISOString(),
): Promise<Store> => {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    types: BIGINT_AS_NUMBER,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    // A database that does not answer fails the request (503) instead of holding it.
    connectionTimeoutMillis: 5_000,
  });
  // The server dropped an idle connection (restart, network cut): the pool discards it and opens a new one.
  pool.on('error', () => undefined);
  if (schema !== undefined) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);

  const inTransaction = async <T>(
    fn: (db: SqlConn, beforeCommit: BeforeCommit) => Promise<T>,
    lock = false,
  ): Promise<T> => {
    const client = await pool.connect();
    const closing = new Map<string, () => Promise<void>>();
    // A connection cut mid-transaction fails the query in flight; this keeps its error event handled.
    let broken = false;
    const cut = (): void => {
      broken = true;
    };
    client.on('error', cut);
    try {
      await client.query('BEGIN');
      if (lock) await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const out = await fn(connOf(client), (key, work) => closing.set(key, work));
      for (const work of closing.values()) await work();
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.off('error', cut);
      client.release(broken);
    }
  };

  await migrate('postgres', (fn) => inTransaction(fn, true), nowIso);
  const poolConn = connOf(pool);
  const readRepos = bindRepositories(poolConn);

  return {
    kind: 'postgres',
    transaction: (fn) => inTransaction((db, beforeCommit) => fn(bindRepositories(db, beforeCommit))),
    read: (fn) => fn(readRepos),
    scope: (customerId) => readRepos.forCustomer(customerId),
    touchApiKey: async (keyId, at) => {
      await poolConn.run('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [at, keyId]);
    },
    migrationStatus: async () => ({ current: await currentVersion(poolConn), latest: LATEST_VERSION }),
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
};
