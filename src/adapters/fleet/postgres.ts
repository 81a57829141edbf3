/**
 * The fleet port on PostgreSQL: its own small pool (so a claim held through an insurer call never takes a
 * connection the request path needs) and one dedicated listening connection. Every time is database time.
 */
import pg from 'pg';
import { BIGINT_AS_NUMBER } from '../store/postgres/postgres-store.ts';
import type { BudgetTake, FleetChange, FleetPort } from './interface.ts';

interface PostgresFleetOptions {
  readonly url: string;
  /** Schema of the store (tests isolate themselves this way). */
  readonly schema?: string;
  /** Claims held at once, plus a few for the budget and the change reads. */
  readonly maxConnections?: number;
  /** First wait before reconnecting the listener; doubles up to 5 s. */
  readonly reconnectMs?: number;
}

const CHANNEL = 'tai_fleet';
const NOW_MS = `(extract(epoch from clock_timestamp()) * 1000)`;

/** One row per window; a full window answers no row, so the take and the refusal are one statement. */
const TAKE = `
INSERT INTO insurer_call_budget AS b (window_start, calls)
VALUES (floor(${NOW_MS} / $2::bigint)::bigint * $2::bigint, 1)
ON CONFLICT (window_start) DO UPDATE SET calls = b.calls + 1 WHERE b.calls < $1
RETURNING b.calls`;

export const openPostgresFleet = (options: PostgresFleetOptions): FleetPort => {
  const { schema } = options;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  const connection = {
    connectionString: options.url,
    types: BIGINT_AS_NUMBER,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  };
  const pool = new pg.Pool({ ...connection, max: options.maxConnections ?? 12 });
  // An idle connection the server dropped: the pool discards it; the next query opens a new one.
  pool.on('error', () => undefined);
  let listener: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const takeInsurerCall = async (limit: number, windowMs: number): Promise<BudgetTake> => {
    const taken = await pool.query<{ calls: number }>(TAKE, [limit, windowMs]);
    const calls = taken.rows[0]?.calls;
    if (calls === 1) {
      // A new window: forget the old ones.
      await pool.query(`DELETE FROM insurer_call_budget WHERE window_start < ${NOW_MS} - 10 * $1::bigint`, [windowMs]);
    }
    if (calls !== undefined) return { granted: true, remaining: Math.max(0, limit - calls), retryAfterMs: 0 };
    const wait = await pool.query<{ ms: number }>(
      `SELECT ceil($1::bigint - mod(${NOW_MS}, $1::bigint))::bigint AS ms`,
      [windowMs],
    );
    return { granted: false, remaining: 0, retryAfterMs: Math.max(1, wait.rows[0]?.ms ?? windowMs) };
  };

  const withClaim: FleetPort['withClaim'] = async (key, fn) => {
    const client = await pool.connect();
    // A connection cut while claimed: the query in flight fails; this keeps the event from being unhandled.
    const ignore = (): void => undefined;
    client.on('error', ignore);
    let broken = false;
    try {
      await client.query('BEGIN');
      const got = await client.query<{ got: boolean }>(
        'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS got',
        [`tai:claim:${key}`],
      );
      if (got.rows[0]?.got !== true) {
        await client.query('ROLLBACK');
        return { claimed: false };
      }
      try {
        return { claimed: true, value: await fn() };
      } finally {
        // Nothing was written under the claim: ending the transaction only releases the lock.
        await client.query('COMMIT').catch(() => (broken = true));
      }
    } catch (e) {
      broken = true;
      throw e;
    } finally {
      client.off('error', ignore);
      client.release(broken);
    }
  };

  const connectListener = async (handlers: Parameters<FleetPort['listen']>[0], delayMs: number): Promise<void> => {
    const client = new pg.Client(connection);
    let down = false;
    const reconnect = (e: unknown): void => {
      if (down) return;
      down = true;
      if (listener === client) listener = null;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (closed) return;
      handlers.onError(e);
      const next = Math.min(5_000, delayMs * 2);
      retry = setTimeout(() => {
        void connectListener(handlers, next).then(
          () => handlers.onReconnect(),
          () => undefined,
        );
      }, delayMs);
    };
    client.on('error', reconnect);
    client.on('end', () => reconnect(new Error('listener connection ended')));
    client.on('notification', () => handlers.onHint());
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (e) {
      reconnect(e);
      throw e;
    }
    if (closed) {
      await client.end().catch(() => undefined);
      return;
    }
    listener = client;
  };

  return {
    shared: true,
    takeInsurerCall,
    withClaim,
    latestChange: async () => {
      const r = await pool.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM fleet_changes');
      return r.rows[0]?.seq ?? 0;
    },
    changesAfter: async (seq, limit) => {
      const r = await pool.query<FleetChange>(
        'SELECT seq, kind, subject FROM fleet_changes WHERE seq > $1 ORDER BY seq LIMIT $2',
        [seq, limit],
      );
      return r.rows;
    },
    pruneChanges: async (ageMs) => {
      await pool.query(
        "DELETE FROM fleet_changes WHERE at < clock_timestamp() - $1::bigint * interval '1 millisecond'",
        [ageMs],
      );
    },
    listen: (handlers) => {
      void connectListener(handlers, options.reconnectMs ?? 250).catch(() => undefined);
    },
    close: async () => {
      closed = true;
      clearTimeout(retry);
      const l = listener;
      listener = null;
      await l?.end().catch(() => undefined);
      await pool.end();
    },
  };
};
