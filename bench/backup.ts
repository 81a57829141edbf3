/**
 * `node --import tsx bench/backup.ts`: backup, offline verification and restore (with its full
 * verification) of BENCH_RECEIPTS receipts (default 1,000,000) over BENCH_CUSTOMERS logs (default 1,000),
 * with one audit event per receipt, on SQLite and on PostgreSQL (TAI_TEST_PG_URL; skipped without it).
 * The data set is built straight into SQLite; PostgreSQL gets it by restoring that backup (timed too: the
 * SQLite-to-PostgreSQL path). Each step is the function its `tai` command runs, with the receipt checks on
 * every core. BENCH_DIR keeps the files (default: a temporary directory, removed at the end); a data set
 * already built there is used again, and with BENCH_PG_ONLY=1 its SQLite backup too (only the PostgreSQL
 * steps run).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openFileKeyring } from '../src/adapters/keys/file-keyring.ts';
import type { StoreLocation } from '../src/adapters/store/snapshot/interface.ts';
import { snapshotStores } from '../src/adapters/store/snapshot/open.ts';
import { publicPart } from '../src/domain/receipts/keys.ts';
import { systemClock } from '../src/domain/shared/clock.ts';
import { createCheckPool } from '../src/edges/cli/backup/check-pool.ts';
import { restoreBackup } from '../src/services/backup/restore-backup.ts';
import { takeBackup } from '../src/services/backup/take-backup.ts';
import { verifyBackup } from '../src/services/backup/verify-backup.ts';
import { buildDataSet } from './backup-data.ts';

const RECEIPTS = Number(process.env['BENCH_RECEIPTS'] ?? 1_000_000);
const CUSTOMERS = Number(process.env['BENCH_CUSTOMERS'] ?? 1_000);
const PG_URL = process.env['TAI_TEST_PG_URL'];
const PG_ONLY = process.env['BENCH_PG_ONLY'] === '1';
const root = process.env['BENCH_DIR'] ?? mkdtempSync(join(tmpdir(), 'tai-bench-backup-'));

const signer = openFileKeyring(join(root, 'receipt-keys.json'), { create: true, nowMs: Date.now() });
const keys = signer.keyring().map((e) => publicPart(e.key));
const workers = availableParallelism();
const rows: { step: string; seconds: number; note: string }[] = [];

const timed = async <T>(step: string, fn: () => Promise<T>, note: (v: T) => string = () => ''): Promise<T> => {
  process.stderr.write(`${step} ...\n`);
  const t0 = performance.now();
  const v = await fn();
  const seconds = (performance.now() - t0) / 1000;
  rows.push({ step, seconds, note: note(v) });
  process.stderr.write(`${step}: ${seconds.toFixed(1)} s\n`);
  return v;
};

const sizeOf = (dir: string): string => {
  let bytes = 0;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else bytes += statSync(join(d, e.name)).size;
    }
  };
  walk(dir);
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
};

const backup = (location: StoreLocation, outDir: string) =>
  timed(
    `backup (${location.kind})`,
    () =>
      takeBackup(
        { stores: snapshotStores, signer, clock: systemClock },
        { location, description: location.kind, outDir },
      ),
    () => sizeOf(outDir),
  );

const verify = (label: string, dir: string) =>
  timed(`verify (${label} backup, offline)`, async () => {
    const pool = createCheckPool(keys, workers);
    try {
      const outcome = await verifyBackup({ dir, trusted: keys, checkerFor: () => pool.check });
      if (outcome.problems.length > 0)
        throw new Error(`the backup does not verify: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
    } finally {
      await pool.close();
    }
  });

const restore = (label: string, dir: string, target: StoreLocation) =>
  timed(`restore ${label} (with full verification)`, async () => {
    const pool = createCheckPool(keys, workers);
    try {
      return await restoreBackup(snapshotStores, { dir, target, trusted: keys, checkerFor: () => pool.check });
    } finally {
      await pool.close();
    }
  });

const schemas: string[] = [];
const pgTarget = (): StoreLocation => {
  const schema = `bench_backup_${process.pid}_${schemas.length}`;
  schemas.push(schema);
  return { kind: 'postgres', url: PG_URL ?? '', schema };
};

try {
  const perCustomer = Math.round(RECEIPTS / CUSTOMERS);
  const sqlite: StoreLocation = { kind: 'sqlite', file: join(root, 'source.db') };
  const keep = (name: string): boolean => PG_ONLY && name === 'backup-sqlite';
  for (const old of readdirSync(root))
    if ((old.startsWith('backup-') || old.startsWith('restored')) && !keep(old))
      rmSync(join(root, old), { recursive: true, force: true });
  if (!existsSync(sqlite.file))
    await timed(
      `build the data set (${(perCustomer * CUSTOMERS).toLocaleString('en-US')} receipts, ${CUSTOMERS} logs)`,
      () =>
        buildDataSet(sqlite.file, signer.active(), CUSTOMERS, perCustomer, (c) => {
          if (c % 100 === 0) process.stderr.write(`  ${c}/${CUSTOMERS} logs\n`);
        }),
    );
  const fromSqlite = join(root, 'backup-sqlite');
  if (!PG_ONLY || !existsSync(join(fromSqlite, 'manifest.json'))) await backup(sqlite, fromSqlite);
  if (!PG_ONLY) {
    await verify('SQLite', fromSqlite);
    await restore('SQLite -> SQLite', fromSqlite, { kind: 'sqlite', file: join(root, 'restored.db') });
  }
  if (PG_URL !== undefined) {
    const pgSource = pgTarget();
    await restore('SQLite -> PostgreSQL', fromSqlite, pgSource);
    const fromPg = join(root, 'backup-postgres');
    await backup(pgSource, fromPg);
    await verify('PostgreSQL', fromPg);
    await restore('PostgreSQL -> PostgreSQL', fromPg, pgTarget());
    await restore('PostgreSQL -> SQLite', fromPg, { kind: 'sqlite', file: join(root, 'restored-from-pg.db') });
  }
  process.stdout.write(`\n| step | seconds | note |\n| --- | ---: | --- |\n`);
  for (const r of rows) process.stdout.write(`| ${r.step} | ${r.seconds.toFixed(1)} | ${r.note} |\n`);
} finally {
  if (PG_URL !== undefined && schemas.length > 0) {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await client.end();
  }
  if (process.env['BENCH_DIR'] === undefined) rmSync(root, { recursive: true, force: true });
}
