/**
 * PostgreSQL snapshots and restore targets over one connection. A snapshot is a REPEATABLE READ, READ ONLY
 * transaction: every table is read through a cursor from one MVCC snapshot while the service goes on
 * writing. Text keys are ordered in byte order, as SQLite orders them, so rows come out in the same order
 * from either store: a column whose collation already is byte order (C, POSIX, C.UTF-8, as the database's
 * default usually is) is read in its primary key's order, any other gets COLLATE "C", which costs a sort. A
 * restore locks every table, loads it with COPY (text format; the table converts each value, so no column
 * types are needed here) and reads the rows back before COMMIT.
 */
import { once } from 'node:events';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Row } from '../../../domain/backup/rows.ts';
import { BOOKKEEPING_TABLES, loadOrder, orderColumns, type TableInfo } from '../../../domain/backup/table-order.ts';
import { DomainError } from '../../../domain/errors/domain-error.ts';
import { BIGINT_AS_NUMBER, openPostgresStore } from '../postgres/postgres-store.ts';
import type { RestoreSession, Snapshot, TableReader } from './interface.ts';
import { quoteIdent as q } from './location.ts';

const FETCH = 5000;
const TEXT_TYPES = new Set(['text', 'character varying', 'character']);
const BYTE_ORDER = new Set(['c', 'posix', 'c.utf-8', 'c.utf8', 'ucs_basic']);

const connect = async (url: string, schema: string | undefined): Promise<pg.Client> => {
  const client = new pg.Client({
    connectionString: url,
    types: BIGINT_AS_NUMBER,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  await client.connect();
  return client;
};

interface Discovered {
  readonly tables: TableInfo[];
  readonly textColumns: ReadonlySet<string>;
}

const discover = async (c: pg.Client): Promise<Discovered> => {
  const here = 'table_schema = current_schema()';
  const names = (
    await c.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables WHERE ${here} AND table_type = 'BASE TABLE'`,
    )
  ).rows.map((r) => r.t);
  const cols = (
    await c.query<{ t: string; c: string; type: string; collation: string | null }>(
      `SELECT table_name AS t, column_name AS c, data_type AS type, collation_name AS collation FROM information_schema.columns WHERE ${here} ORDER BY table_name, ordinal_position`,
    )
  ).rows;
  const dbCollation = (
    await c.query<{ collate: string }>(
      'SELECT datcollate AS collate FROM pg_database WHERE datname = current_database()',
    )
  ).rows[0]?.collate;
  const pks = (
    await c.query<{ t: string; c: string }>(
      `SELECT cl.relname AS t, a.attname AS c FROM pg_index i
         JOIN pg_class cl ON cl.oid = i.indrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
         CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum = k.attnum
       WHERE i.indisprimary AND n.nspname = current_schema() ORDER BY cl.relname, k.ord`,
    )
  ).rows;
  const fks = (
    await c.query<{ t: string; ref: string }>(
      `SELECT cl.relname AS t, f.relname AS ref FROM pg_constraint k
         JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_class f ON f.oid = k.confrelid
         JOIN pg_namespace n ON n.oid = cl.relnamespace
       WHERE k.contype = 'f' AND n.nspname = current_schema()`,
    )
  ).rows;
  const tables = names
    .filter((n) => !BOOKKEEPING_TABLES.includes(n))
    .map((name) => ({
      name,
      columns: cols.filter((r) => r.t === name).map((r) => r.c),
      primaryKey: pks.filter((r) => r.t === name).map((r) => r.c),
      references: [...new Set(fks.filter((r) => r.t === name).map((r) => r.ref))],
    }));
  const byteOrder = (collation: string | null): boolean =>
    BYTE_ORDER.has((collation ?? dbCollation ?? '').toLowerCase());
  const textColumns = new Set(
    cols.filter((r) => TEXT_TYPES.has(r.type) && !byteOrder(r.collation)).map((r) => `${r.t}.${r.c}`),
  );
  return { tables: loadOrder(tables), textColumns };
};

const schemaVersionOf = async (c: pg.Client): Promise<number> => {
  const has = await c.query(
    "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'",
  );
  if (has.rowCount === 0) return 0;
  const r = await c.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  return Number(r.rows[0]?.v ?? 0);
};

const readerOf = async (c: pg.Client): Promise<TableReader> => {
  const { tables, textColumns } = await discover(c);
  let cursors = 0;
  return {
    kind: 'postgres',
    schemaVersion: await schemaVersionOf(c),
    tables,
    async *rows(table, columns) {
      const order = orderColumns(table)
        .map((col) => `${q(col)}${textColumns.has(`${table.name}.${col}`) ? ' COLLATE "C"' : ''} NULLS FIRST`)
        .join(', ');
      const cursor = `backup_rows_${++cursors}`;
      await c.query(
        `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${columns.map(q).join(', ')} FROM ${q(table.name)} ORDER BY ${order}`,
      );
      try {
        for (;;) {
          const fetch: pg.QueryArrayConfig = { text: `FETCH FORWARD ${FETCH} FROM ${cursor}`, rowMode: 'array' };
          const r = await c.query<Row[number][]>(fetch);
          if (r.rows.length > 0) yield r.rows;
          if (r.rows.length < FETCH) break;
        }
      } finally {
        await c.query(`CLOSE ${cursor}`);
      }
    },
    count: async (table) =>
      Number((await c.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${q(table.name)}`)).rows[0]?.n ?? 0),
  };
};

export const openPostgresSnapshot = async (url: string, schema?: string): Promise<Snapshot> => {
  const c = await connect(url, schema);
  try {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    // A table whose key needs COLLATE "C" is sorted; let that sort stay in memory where it can.
    await c.query("SET LOCAL work_mem = '256MB'");
    const reader = await readerOf(c);
    return {
      ...reader,
      close: async () => {
        await c.query('ROLLBACK').catch(() => undefined);
        await c.end();
      },
    };
  } catch (e) {
    await c.end();
    throw e;
  }
};

const COPY_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in COPY's text format: \N for null; backslash, tab, newline and return escaped. */
const copyText = (v: Row[number]): string =>
  v === null ? '\\N' : String(v).replace(/[\\\t\n\r]/g, (ch) => COPY_ESCAPES[ch] ?? ch);

const tablesWithRows = async (c: pg.Client, tables: readonly TableInfo[]): Promise<string[]> => {
  const out: string[] = [];
  for (const t of tables) if ((await c.query(`SELECT 1 FROM ${q(t.name)} LIMIT 1`)).rowCount) out.push(t.name);
  return out;
};

const refuseNonEmpty = (tables: readonly string[]): void => {
  if (tables.length > 0)
    throw new DomainError('TAI-BACKUP-TARGET-NOT-EMPTY', { detail: `rows in ${tables.join(', ')}` });
};

export const openPostgresRestoreTarget = async (url: string, schema?: string): Promise<RestoreSession> => {
  const peek = await connect(url, schema);
  try {
    refuseNonEmpty(await tablesWithRows(peek, (await discover(peek)).tables));
  } finally {
    await peek.end();
  }
  await (await openPostgresStore(url, schema === undefined ? {} : { schema, maxConnections: 1 })).close();
  const c = await connect(url, schema);
  let open = false;
  try {
    await c.query('BEGIN');
    open = true;
    await c.query("SET LOCAL work_mem = '256MB'");
    const reader = await readerOf(c);
    await c.query(`LOCK TABLE ${reader.tables.map((t) => q(t.name)).join(', ')} IN ACCESS EXCLUSIVE MODE`);
    refuseNonEmpty(await tablesWithRows(c, reader.tables));
    return {
      ...reader,
      insert: async (table, columns, rows) => {
        const copy = c.query(copyFrom(`COPY ${q(table.name)} (${columns.map(q).join(', ')}) FROM STDIN`));
        const finished = once(copy, 'finish');
        let text = '';
        for (const r of rows) text += `${r.map(copyText).join('\t')}\n`;
        copy.end(text);
        await finished;
      },
      settle: async () => {
        // Columns fed by a sequence (serial or identity) would otherwise hand out numbers already restored.
        const seqs = await c.query<{ t: string; c: string }>(
          `SELECT table_name AS t, column_name AS c FROM information_schema.columns
           WHERE table_schema = current_schema() AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')`,
        );
        for (const { t, c: col } of seqs.rows) {
          await c.query(
            `SELECT setval(pg_get_serial_sequence($1, $2), m) FROM (SELECT MAX(${q(col)}) AS m FROM ${q(t)}) x WHERE m IS NOT NULL`,
            [q(t), col],
          );
        }
      },
      commit: async () => {
        await c.query('COMMIT');
        open = false;
      },
      close: async () => {
        if (open) await c.query('ROLLBACK').catch(() => undefined);
        open = false;
        await c.end();
      },
    };
  } catch (e) {
    if (open) await c.query('ROLLBACK').catch(() => undefined);
    await c.end();
    throw e;
  }
};
