/**
 * In-process measurements printed after the HTTP table: the raw Ed25519 sign and verify rates, durable
 * receipt appends from 100 concurrent writers on SQLite (rate and CPU each), the cost of one receipt row
 * to better-sqlite3 alone, offline bundle verification (as a share of the raw verify rate), and a single
 * quote; then `tai verify`'s and the witness's targets (witness-and-verify.ts). Each figure is beside its
 * baseline from the same run.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openFileKeyring } from '../src/adapters/keys/file-keyring.ts';
import { openSqliteStore } from '../src/adapters/store/sqlite/sqlite-store.ts';
import { ensureAuthorized } from '../src/domain/mode/index.ts';
import { quote } from '../src/domain/pricing/index.ts';
import { verifyBundle } from '../src/domain/receipts/bundle.ts';
import { generateSigningKey, signBytes, verifyBytes } from '../src/domain/receipts/keys.ts';
import { systemClock } from '../src/domain/shared/clock.ts';
import { appendReceipt } from '../src/services/receipts/append-receipt.ts';
import { exportBundle } from '../src/services/receipts/ledger-reads.ts';
import { issueExampleConfig, typicalRequest } from '../test/fixtures/pricing/issue-example.ts';
import { measurePublishes } from './publish.ts';
import { startBenchService } from './service.ts';
import { opsOverviewRender } from './ops-overview.ts';
import { metricsRender, telemetryOverhead } from './telemetry.ts';

const SECONDS = Number(process.env['BENCH_DURATION'] ?? 5);

/** Calls fn repeatedly for about `seconds`; returns calls per second. */
const rate = (fn: () => void, seconds = Math.min(SECONDS, 2)): number => {
  for (let i = 0; i < 200; i++) fn();
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < seconds * 1000) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
  }
  return n / ((performance.now() - start) / 1000);
};

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

const receipts = async (): Promise<string[]> => {
  const key = generateSigningKey();
  const msg = new TextEncoder().encode('x'.repeat(600));
  const sig = signBytes(key, msg);
  const signRate = rate(() => signBytes(key, msg));
  const verifyRate = rate(() => verifyBytes(key, msg, sig));

  const dir = mkdtempSync(join(tmpdir(), 'tai-bench-ledger-'));
  try {
    const store = await openSqliteStore(join(dir, 'tai.db'));
    const signer = openFileKeyring(join(dir, 'keys.json'), { create: true, nowMs: Date.now() });
    const deps = { signer, clock: systemClock, originPrefix: 'bench/receipts' };
    const customerId = 'cus_01benchbenchbenchbenchbenc';
    const at = new Date().toISOString();
    await store.transaction((tx) =>
      tx.insertCustomer({
        id: customerId,
        name: 'b',
        contactEmail: 'b@example.com',
        mode: 'pilot',
        createdAt: at,
        updatedAt: at,
      }),
    );
    const append = (n: number) =>
      store.transaction((tx) =>
        appendReceipt(tx, deps, {
          customerId,
          kind: 'quote',
          mode: 'pilot',
          authority: 'advisory',
          request: { n },
          result: { n },
          contractReference: null,
          insurance: null,
          disclaimer: 'bench',
        }),
      );
    let appended = 0;
    const deadline = performance.now() + SECONDS * 1000;
    const start = performance.now();
    const cpuBefore = process.cpuUsage();
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        while (performance.now() < deadline) await append(appended++);
      }),
    );
    const appendRate = appended / ((performance.now() - start) / 1000);
    const cpu = process.cpuUsage(cpuBefore);
    const appendCpuUs = (cpu.user + cpu.system) / Math.max(1, appended);

    const bundle = await exportBundle(store.scope(customerId), deps);
    const parsed: unknown = JSON.parse(JSON.stringify(bundle));
    const t0 = performance.now();
    const verdict = verifyBundle(parsed);
    const verifyBundleRate = bundle.receipts.length / ((performance.now() - t0) / 1000);
    await store.close();
    if (!verdict.ok) throw new Error(`bench bundle did not verify: ${verdict.reason}`);
    return [
      'receipts (one core unless noted)',
      `  raw Ed25519 sign                 ${fmt(signRate).padStart(10)} /s`,
      `  raw Ed25519 verify               ${fmt(verifyRate).padStart(10)} /s`,
      `  durable appends, 100 writers     ${fmt(appendRate).padStart(10)} /s  (SQLite WAL, group commit, fsync before acknowledging; ${(appendRate / signRate).toFixed(2)} x raw sign)`,
      `    CPU per append                 ${appendCpuUs.toFixed(0).padStart(10)} µs  (${(1e6 / signRate / appendCpuUs).toFixed(2)} of it the one signature; no HTTP, no audit row, no listing)`,
      `  offline bundle verification      ${fmt(verifyBundleRate).padStart(10)} receipts/s over ${bundle.receipts.length} (${(verifyBundleRate / verifyRate).toFixed(2)} x raw verify; goal >= 0.90)`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const pricing = (): Promise<string[]> => {
  const version = { version: 1, effectiveFrom: issueExampleConfig.effectiveFrom, config: issueExampleConfig };
  const perSecond = rate(() => quote(version, typicalRequest, { atDay: '2026-03-01' }));
  return Promise.resolve([
    'pricing engine',
    `  quote, 7 SKUs (compiled)        ${(1e6 / perSecond).toFixed(1).padStart(10)} µs each`,
  ]);
};

const modePolicy = (): Promise<string[]> => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  const certificate = {
    certificateId: 'cert_1',
    policyNumber: 'P-1',
    insurer: { name: 'Sim', naic: '00000' },
    insured: { name: 'c', reference: 'cus_1' },
    coverages: [],
    effectiveFrom: '2026-01-01T00:00:00.000Z',
    expiresAt: '2027-01-01T00:00:00.000Z',
    status: 'active' as const,
    issuedAt: '2026-01-01T00:00:00.000Z',
  };
  const contract = {
    reference: 'C-1',
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
    currency: 'USD',
    monthlyFee: '1.00',
    features: ['publish', 'deploy'],
    limits: { maxActiveDeployments: 1, capacityUnits: 1 },
    cancellationTerms: '',
  };
  const input = {
    customerMode: 'prod' as const,
    maxMode: 'prod' as const,
    operation: 'deploy' as const,
    contract,
    certificate: { certificate, writable: { ok: true as const }, degraded: false },
    systemReadOnly: null,
    nowMs: now,
  };
  const perSecond = rate(() => ensureAuthorized(input));
  return Promise.resolve([
    'mode policy',
    `  ensureAuthorized (prod, deploy)   ${(1e6 / perSecond).toFixed(2).padStart(9)} µs each (target < 100 µs)`,
  ]);
};

/**
 * witness-and-verify.ts in a process of its own: run in this one, after the benches above, the raw verify rate
 * it compares with measured a quarter below the one `receipts` measured at the start of the same process.
 */
const witnessAndVerify = async (): Promise<string[]> => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/witness-and-verify.ts']);
  return [
    'tai verify and the witness (bench/witness-and-verify.ts, in its own process)',
    ...stdout.trimEnd().split('\n'),
  ];
};

/**
 * The storage floor: better-sqlite3 alone inserting receipt-sized rows (650 bytes of body, as a publish
 * receipt has) into the service's own receipts table, 50 per transaction, each in a savepoint, as the
 * group committer does, without syncing. No service code runs.
 */
const sqliteFloor = async (): Promise<string[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'tai-bench-sqlite-'));
  try {
    const file = join(dir, 'tai.db');
    await (await openSqliteStore(file)).close();
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const at = new Date().toISOString();
    db.prepare(
      'INSERT INTO customers (id, name, contact_email, mode, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run('cus_1', 'b', 'b@example.com', 'pilot', at, at);
    const insert = db.prepare(
      'INSERT INTO receipts (customer_id, log_index, id, kind, issued_at, body, signature, leaf_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const body = JSON.stringify({ pad: 'x'.repeat(640) });
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < Math.min(SECONDS, 2) * 1000) {
      db.exec('BEGIN IMMEDIATE');
      for (let i = 0; i < 50; i++, n++) {
        db.exec('SAVEPOINT unit');
        insert.run(
          'cus_1',
          n,
          `rcpt_${String(n).padStart(26, '0')}`,
          'publish',
          new Date(1e12 + n).toISOString(),
          body,
          's'.repeat(86),
          'a'.repeat(64),
        );
        db.exec('RELEASE unit');
      }
      db.exec('COMMIT');
    }
    const us = ((performance.now() - start) * 1000) / n;
    db.close();
    return [
      'storage floor (better-sqlite3 alone, no service code)',
      `  one receipt row inserted          ${us.toFixed(1).padStart(10)} µs each  (${fmt(n)} rows, 50 per transaction, unsynced)`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/**
 * A whole publish without the network: the bench's publish request through Fastify's inject, 100 in
 * flight, on a fresh SQLite. Its CPU per publish is steadier than the HTTP rows' (no load generator shares
 * the process's cores), so it is the figure to compare two versions of the write path with.
 */
const publishInProcess = async (): Promise<string[]> => {
  const bench = await startBenchService();
  try {
    const seconds = Math.min(SECONDS, 4);
    const { count, cpuUs } = await measurePublishes(bench, seconds);
    return [
      'publish in process (Fastify inject, 100 in flight, SQLite, fsync before answering)',
      `  publishes                        ${fmt(count / seconds).padStart(10)} /s`,
      `    CPU per publish                ${cpuUs.toFixed(0).padStart(10)} µs  (receipt, listing, audit event; no network)`,
    ];
  } finally {
    await bench.close();
  }
};

export const MICRO_BENCHES: readonly (() => Promise<string[]>)[] = [
  receipts,
  publishInProcess,
  sqliteFloor,
  witnessAndVerify,
  pricing,
  modePolicy,
  telemetryOverhead,
  metricsRender,
  opsOverviewRender,
];
