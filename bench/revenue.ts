/**
 * The revenue close and report at scale, in process and pure (no store): 1,000 customers with a year of
 * history each (terms upgraded mid-year for a third of them, two publishes a day and a deploy every third
 * day, a ledger closed through December 30), then the close of December 31 for every customer, and the
 * 12-month report over all their entries. Prints milliseconds beside the targets (close under 10 s,
 * report under 2 s). Run: `node --import tsx bench/revenue.ts` (BENCH_CUSTOMERS to change the count).
 * bench/revenue-store.ts measures the same through the store, in `npm run bench`.
 */
import { performance } from 'node:perf_hooks';
import { planClose } from '../src/domain/revenue/close.ts';
import { addDays } from '../src/domain/revenue/days.ts';
import { revenueReport } from '../src/domain/revenue/report.ts';
import { stored, termsDoc } from '../test/support/revenue.ts';
import type {
  ObligationTerms,
  ReceiptedOperation,
  RevenueEntry,
  RevenueTermsVersion,
} from '../src/domain/revenue/types.ts';

const CUSTOMERS = Number(process.env['BENCH_CUSTOMERS'] ?? 1000);
const CLOSE_DAY = '2026-12-31';

const obligations = (platform: string): ObligationTerms[] => [
  { id: 'platform', kind: 'platform_access', price: platform, standaloneSellingPrice: platform, method: 'daily' },
  { id: 'support', kind: 'support', price: '2400.00', standaloneSellingPrice: '3000.00', method: 'monthly_prorated' },
  { id: 'setup', kind: 'setup_fee', price: '600.00', standaloneSellingPrice: '600.00', method: 'daily' },
  { id: 'publishes', kind: 'usage', meter: 'publish', includedPerMonth: '20', unitPrice: '1.50' },
  { id: 'deploys', kind: 'usage', meter: 'deploy', includedPerMonth: '5', unitPrice: '10.00' },
];

const versionsFor = (i: number): RevenueTermsVersion[] => {
  const base = termsDoc({
    billing: { kind: 'monthly_in_advance', billingDay: 1 },
    obligations: obligations('12000.00'),
  });
  const v1 = { version: 1, document: base };
  if (i % 3 !== 0) return [v1];
  const upgrade = {
    ...base,
    effectiveFrom: '2026-07-01',
    modification: 'upgrade' as const,
    obligations: obligations('15000.00'),
  };
  return [v1, { version: 2, document: upgrade }];
};

const operationsFor = (i: number): ReceiptedOperation[] => {
  const ops: ReceiptedOperation[] = [];
  const add = (kind: ReceiptedOperation['kind'], issuedAt: string): void => {
    ops.push({ receiptId: `rcpt_${i}_${ops.length}`, logIndex: ops.length, kind, issuedAt, units: '1' });
  };
  for (let day = '2026-01-01'; day <= CLOSE_DAY; day = addDays(day, 1)) {
    add('publish', `${day}T09:00:00.000Z`);
    add('publish', `${day}T15:00:00.000Z`);
    if (Number(day.slice(8)) % 3 === 0) add('deploy', `${day}T12:00:00.000Z`);
  }
  return ops;
};

interface Customer {
  readonly customerId: string;
  readonly versions: RevenueTermsVersion[];
  readonly operations: ReceiptedOperation[];
  entries: RevenueEntry[];
}

const customers: Customer[] = Array.from({ length: CUSTOMERS }, (_, i) => {
  const customerId = `cus_${String(i).padStart(6, '0')}`;
  const versions = versionsFor(i);
  const operations = operationsFor(i);
  const history = operations.filter((o) => o.issuedAt < CLOSE_DAY);
  const entries = stored(
    planClose({ customerId, versions, operations: history, entries: [], day: addDays(CLOSE_DAY, -1) }),
    0,
  );
  return { customerId, versions, operations, entries };
});

/** CPU milliseconds of this process (the machine is shared: wall time also counts others' work). */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

let started = performance.now();
let cpu = cpuMs();
let appended = 0;
for (const c of customers) {
  const drafts = planClose({
    customerId: c.customerId,
    versions: c.versions,
    operations: c.operations,
    entries: c.entries,
    day: CLOSE_DAY,
  });
  c.entries = [...c.entries, ...stored(drafts, c.entries.length)];
  appended += drafts.length;
}
const closeMs = performance.now() - started;
const closeCpu = cpuMs() - cpu;

const all = customers.flatMap((c) => c.entries);
started = performance.now();
cpu = cpuMs();
const report = revenueReport(all, '2026-01', '2026-12');
const reportMs = performance.now() - started;
const reportCpu = cpuMs() - cpu;

const receipts = customers.reduce((n, c) => n + c.operations.length, 0);
process.stdout.write(
  [
    `revenue close of ${CLOSE_DAY}: ${CUSTOMERS} customers, ${receipts} receipts, ${all.length - appended} entries before, ${appended} appended: ${closeMs.toFixed(0)} ms (${closeCpu.toFixed(0)} ms CPU; target < 10000)`,
    `revenue report 2026-01..2026-12: ${all.length} entries, ${report.customers.length} customer-month rows: ${reportMs.toFixed(0)} ms (${reportCpu.toFixed(0)} ms CPU; target < 2000)`,
  ].join('\n') + '\n',
);
