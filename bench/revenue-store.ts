/**
 * The daily close and the monthly report THROUGH THE STORE (SQLite, a file in a temp dir): 1,000
 * customers with a year of history each (terms upgraded mid-year for a third of them, two publishes a
 * day and a deploy every third day, each deployment of 2 capacity units removed two days later and
 * priced per unit-day beyond 30 a month, one checkpoint per customer-day, a ledger closed through
 * December 30), then `closeRevenueDay` of December 31 and the 12-month report (`revenueReportOf`),
 * each timed with where its time went. Receipt rows are written raw (bodies and signatures are not what
 * the close reads) so that building the data set takes seconds, not the hour signing them would.
 * Targets: close < 10 s, report < 2 s. Alone: `node --import tsx bench/revenue-store.ts`
 * (BENCH_CUSTOMERS to change the count); in `npm run bench` with the micro benches.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../src/adapters/logger/silent.ts';
import { openSqliteStore } from '../src/adapters/store/sqlite/sqlite-store.ts';
import { planClose } from '../src/domain/revenue/close.ts';
import { addDays } from '../src/domain/revenue/days.ts';
import type {
  CapacityHolding,
  ObligationTerms,
  ReceiptedOperation,
  RevenueTermsDocument,
} from '../src/domain/revenue/types.ts';
import { ManualClock } from '../src/domain/shared/clock.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { closeRevenueDay } from '../src/services/revenue/close-revenue-day.ts';
import { revenueReportOf } from '../src/services/revenue/revenue-report.ts';
import { stored, termsDoc } from '../test/support/revenue.ts';

const CUSTOMERS = Number(process.env['BENCH_CUSTOMERS'] ?? 1000);
const WITH_MARKS = process.env['BENCH_REVENUE_MARKS'] !== '0';
const CLOSE_DAY = '2026-12-31';

const obligations = (platform: string): ObligationTerms[] => [
  { id: 'platform', kind: 'platform_access', price: platform, standaloneSellingPrice: platform, method: 'daily' },
  { id: 'support', kind: 'support', price: '2400.00', standaloneSellingPrice: '3000.00', method: 'monthly_prorated' },
  { id: 'setup', kind: 'setup_fee', price: '600.00', standaloneSellingPrice: '600.00', method: 'daily' },
  { id: 'publishes', kind: 'usage', meter: 'publish', includedPerMonth: '20', unitPrice: '1.50' },
  { id: 'deploys', kind: 'usage', meter: 'deploy', includedPerMonth: '5', unitPrice: '10.00' },
  { id: 'capacity', kind: 'usage', meter: 'capacity_unit_day', includedPerMonth: '30', unitPrice: '0.40' },
];

const versionsFor = (i: number): RevenueTermsDocument[] => {
  const base = termsDoc({
    billing: { kind: 'monthly_in_advance', billingDay: 1 },
    obligations: obligations('12000.00'),
  });
  if (i % 3 !== 0) return [base];
  return [
    base,
    { ...base, effectiveFrom: '2026-07-01', modification: 'upgrade', obligations: obligations('15000.00') },
  ];
};

interface BenchReceipt {
  readonly receiptId: string;
  readonly logIndex: number;
  readonly kind: ReceiptedOperation['kind'] | 'deployment_removed';
  readonly issuedAt: string;
}

/** A customer's log (two publishes a day, a deploy every third day, each removed two days later) and its deployments. */
const historyFor = (i: number): { receipts: BenchReceipt[]; holdings: CapacityHolding[] } => {
  const receipts: BenchReceipt[] = [];
  const holdings: CapacityHolding[] = [];
  const add = (kind: BenchReceipt['kind'], issuedAt: string): BenchReceipt => {
    const r = { receiptId: `rcpt_${i}_${receipts.length}`, logIndex: receipts.length, kind, issuedAt };
    receipts.push(r);
    return r;
  };
  const holding = new Map<string, BenchReceipt>();
  for (let day = '2026-01-01'; day <= CLOSE_DAY; day = addDays(day, 1)) {
    const deployed = holding.get(addDays(day, -2));
    if (deployed !== undefined) {
      const removed = add('deployment_removed', `${day}T08:00:00.000Z`);
      holdings.push({ ...deployed, units: 2, endedAt: removed.issuedAt });
      holding.delete(addDays(day, -2));
    }
    add('publish', `${day}T09:00:00.000Z`);
    if (Number(day.slice(8)) % 3 === 0) holding.set(day, add('deploy', `${day}T12:00:00.000Z`));
    add('publish', `${day}T15:00:00.000Z`);
  }
  for (const deployed of holding.values()) holdings.push({ ...deployed, units: 2, endedAt: null });
  return { receipts, holdings };
};

const operationsOf = (receipts: readonly BenchReceipt[]): ReceiptedOperation[] =>
  receipts.flatMap((r) => (r.kind === 'deployment_removed' ? [] : [{ ...r, kind: r.kind, units: '1' }]));

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const timed = async <T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; cpu: number }> => {
  const started = performance.now();
  const cpu = cpuMs();
  const value = await fn();
  return { value, ms: performance.now() - started, cpu: cpuMs() - cpu };
};

/** Builds the data set in `file`: customers and terms through the store, receipts and checkpoints raw, the ledger through the store. */
const build = async (file: string, clock: ManualClock): Promise<number> => {
  const store = await openSqliteStore(file);
  const ids = Array.from({ length: CUSTOMERS }, (_, i) => `cus_${String(i).padStart(26, '0')}`);
  const at = '2025-12-01T00:00:00.000Z';
  await store.transaction(async (tx) => {
    for (const [i, id] of ids.entries()) {
      await tx.insertCustomer({
        id,
        name: `C${i}`,
        contactEmail: 'c@example.com',
        mode: 'prod',
        createdAt: at,
        updatedAt: at,
      });
      for (const doc of versionsFor(i))
        await tx.forCustomer(id).insertRevenueTerms(doc.contractReference, doc.effectiveFrom, doc, at);
    }
  });
  await store.close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const receipt = db.prepare(
    "INSERT INTO receipts (customer_id, log_index, id, kind, issued_at, body, signature, leaf_hash) VALUES (?, ?, ?, ?, ?, '{}', '', '')",
  );
  const checkpoint = db.prepare(
    "INSERT INTO checkpoints (customer_id, tree_size, root_hash, note, created_at) VALUES (?, ?, ?, '', ?)",
  );
  const deployment = db.prepare(
    `INSERT INTO deployments (id, customer_id, contract_reference, target, capacity_units, artifact, parameters, state,
       authority, insurance, outcome, receipts, created_at, updated_at)
     VALUES (?, ?, 'MSA-1', 'record', ?, 'app:1', '{}', ?, 'advisory', NULL, NULL, ?, ?, ?)`,
  );
  let receipts = 0;
  db.transaction(() => {
    for (const [i, id] of ids.entries()) {
      const history = historyFor(i);
      const ops = history.receipts;
      receipts += ops.length;
      const ends = new Map(ops.map((r) => [r.issuedAt, r.receiptId]));
      for (const [n, h] of history.holdings.entries()) {
        const ended = h.endedAt === null ? undefined : ends.get(h.endedAt);
        const state = ended === undefined ? 'succeeded' : 'removed';
        const chain = JSON.stringify(ended === undefined ? [h.receiptId] : [h.receiptId, ended]);
        deployment.run(`dep_${i}_${n}`, id, h.units, state, chain, h.issuedAt, h.endedAt ?? h.issuedAt);
      }
      for (const [n, op] of ops.entries()) {
        receipt.run(id, op.logIndex, `${op.receiptId}`, op.kind, op.issuedAt);
        const next = ops[n + 1];
        if (next === undefined || next.issuedAt.slice(0, 10) !== op.issuedAt.slice(0, 10)) {
          checkpoint.run(
            id,
            op.logIndex + 1,
            `${'0'.repeat(56)}${String(op.logIndex + 1).padStart(8, '0')}`,
            op.issuedAt,
          );
        }
      }
    }
  })();
  db.close();
  // The ledger as the closes through December 30 left it (planned in process, appended through the store).
  const reopened = await openSqliteStore(file);
  clock.set('2026-12-31T00:10:00.000Z');
  for (let i = 0; i < ids.length; i += 100) {
    const batch = ids.slice(i, i + 100);
    const entries = batch.flatMap((id, k) => {
      const n = i + k;
      const versions = versionsFor(n).map((document, v) => ({ version: v + 1, document }));
      const { receipts: log, holdings } = historyFor(n);
      const before = (at: string): boolean => at < CLOSE_DAY;
      const drafts = planClose({
        customerId: id,
        versions,
        operations: operationsOf(log).filter((o) => before(o.issuedAt)),
        entries: [],
        day: addDays(CLOSE_DAY, -1),
        holdings: holdings
          .filter((h) => before(h.issuedAt))
          .map((h) => (h.endedAt !== null && !before(h.endedAt) ? { ...h, endedAt: null } : h)),
      });
      return stored(drafts, n * 10_000);
    });
    // With the marks those closes leave: each customer brought to December 30 with its terms versions
    // (BENCH_REVENUE_MARKS=0 leaves none, as before the first close after the upgrade that brought them).
    const marks = batch.map((id, k) => ({
      customerId: id,
      throughDay: addDays(CLOSE_DAY, -1),
      termsVersions: versionsFor(i + k).length,
    }));
    await reopened.transaction(async (tx) => {
      await tx.appendRevenueEntriesBulk(entries);
      if (WITH_MARKS) await tx.setRevenueCloseMarks(marks);
    });
  }
  await reopened.close();
  return receipts;
};

export const revenueStoreBench = async (): Promise<string[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'tai-bench-revenue-'));
  try {
    const file = join(dir, 'tai.db');
    const clock = new ManualClock('2026-12-31T00:00:00.000Z');
    const built = await timed(() => build(file, clock));
    const store = await openSqliteStore(file);
    clock.set('2027-01-01T00:10:00.000Z');
    // Only what the close and the report use: the store, the clock, a logger and the acting system.
    const ctx = { store, clock, logger: silentLogger, actor: { kind: 'system' } } as unknown as ServiceContext;
    const phases: Record<string, number> = {};
    const close = await timed(() => closeRevenueDay({ ctx, input: { day: CLOSE_DAY, phases } }));
    const where = Object.entries(phases)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ');
    const again = await timed(() => closeRevenueDay({ ctx, input: { day: CLOSE_DAY } }));
    const report = await timed(() => revenueReportOf({ ctx, input: { from: '2026-01', to: '2026-12' } }));
    const entries = await store.read((r) => r.revenueEntryCount('2026-12'));
    await store.close();
    return [
      `revenue through SQLite: ${CUSTOMERS} customers${WITH_MARKS ? '' : ' (no close marks)'}, ${built.value} receipts, ${entries} entries (data set built in ${(built.ms / 1000).toFixed(1)} s)`,
      `  close of ${CLOSE_DAY}: ${close.value.appended} appended in ${close.ms.toFixed(0)} ms (${close.cpu.toFixed(0)} ms CPU; target < 10000; ms by phase: ${where}); closed again: ${again.value.appended} appended in ${again.ms.toFixed(0)} ms`,
      `  report 2026-01..2026-12: ${report.value.customers.length} customer-month rows in ${report.ms.toFixed(0)} ms (${report.cpu.toFixed(0)} ms CPU; target < 2000)`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

if (import.meta.url === `file://${process.argv[1] ?? ''}`)
  process.stdout.write(`${(await revenueStoreBench()).join('\n')}\n`);
