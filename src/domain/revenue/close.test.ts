/** The daily close planner: what it appends, idempotency, corrections in the open period, evidence, usage. */
import { describe, expect, it } from 'vitest';
import { planClose, type CloseInput } from './close.ts';
import { stored, termsDoc, versionsOf } from '../../../test/support/revenue.ts';
import type { ReceiptedOperation, RevenueEntry, RevenueTermsDocument } from './types.ts';

const bundle = (price = '1200.00'): RevenueTermsDocument =>
  termsDoc({
    billing: { kind: 'monthly_in_advance', billingDay: 1 },
    obligations: [
      { id: 'platform', kind: 'platform_access', price, standaloneSellingPrice: price, method: 'monthly' },
      { id: 'publishes', kind: 'usage', meter: 'publish', includedPerMonth: '2', unitPrice: '5.00' },
      { id: 'unit-days', kind: 'usage', meter: 'capacity_unit_day', includedPerMonth: '100', unitPrice: '0.10' },
    ],
  });

const op = (i: number, kind: ReceiptedOperation['kind'], issuedAt: string, units = '1'): ReceiptedOperation => ({
  receiptId: `rcpt_${i}`,
  logIndex: i,
  kind,
  issuedAt,
  units,
});

/** Closes each day in turn, appending what each close returns, as the job will. */
const run = (base: Omit<CloseInput, 'day' | 'entries'>, days: readonly string[], entries: RevenueEntry[] = []) => {
  let ledger = entries;
  for (const day of days) ledger = [...ledger, ...stored(planClose({ ...base, entries: ledger, day }), ledger.length)];
  return ledger;
};

describe('planClose', () => {
  const versions = versionsOf(bundle());
  const operations = [
    op(0, 'publish', '2026-01-03T10:00:00Z'),
    op(1, 'publish', '2026-01-04T10:00:00Z'),
    op(2, 'publish', '2026-01-05T10:00:00Z'),
    op(3, 'capacity_unit_day', '2026-01-06T00:00:00Z', '150'),
    op(4, 'deploy', '2026-01-07T00:00:00Z'),
    op(5, 'publish', '2026-02-02T10:00:00Z'),
  ];
  const base = { customerId: 'cus_a', versions, operations };

  it('bills on the billing day, recognizes at month end, and books usage beyond the included volume per receipt', () => {
    const ledger = run(base, ['2026-01-01', '2026-01-05', '2026-01-06', '2026-01-31']);
    expect(ledger.map((e) => [e.bookedOn, e.kind, e.obligationId, e.amount, e.receiptId])).toEqual([
      ['2026-01-01', 'billing', null, '100.00', null],
      // The third publish of January is the first beyond the two included.
      ['2026-01-05', 'usage', 'publishes', '5.00', 'rcpt_2'],
      // 150 unit-days against 100 included: 50 billable.
      ['2026-01-06', 'usage', 'unit-days', '5.00', 'rcpt_3'],
      ['2026-01-31', 'recognition', 'platform', '100.00', null],
    ]);
    expect(ledger.every((e) => e.period === '2026-01' && e.corrects === null)).toBe(true);
  });

  it('is idempotent: re-running any closed day, or every day again, appends nothing', () => {
    const days = ['2026-01-01', '2026-01-31', '2026-02-01', '2026-02-28'];
    const ledger = run(base, days);
    for (const day of days) expect(planClose({ ...base, entries: ledger, day })).toEqual([]);
  });

  it('catches up: closing only the last day of February books everything due, in February', () => {
    const ledger = run(base, ['2026-02-28']);
    expect(ledger.map((e) => [e.kind, e.servicePeriod, e.period]).filter(([k]) => k === 'recognition')).toEqual([
      ['recognition', '2026-01', '2026-02'],
      ['recognition', '2026-02', '2026-02'],
    ]);
    expect(ledger.filter((e) => e.kind === 'usage').map((e) => e.receiptId)).toEqual(['rcpt_2', 'rcpt_3']);
  });

  it('copies the evidence of a recognized month onto its entry', () => {
    const evidence = new Map([
      ['2026-01', { logFirst: 0, logLast: 4, checkpointSize: 5, checkpointRoot: 'ab'.repeat(32) }],
    ]);
    const [entry] = planClose({ ...base, entries: [], day: '2026-01-31', evidence }).filter(
      (d) => d.kind === 'recognition',
    );
    expect(entry).toMatchObject({ logFirst: 0, logLast: 4, checkpointSize: 5, checkpointRoot: 'ab'.repeat(32) });
  });

  it('never changes a closed period: a retroactive change is corrected in the open period, naming the original', () => {
    const ledger = run(base, ['2026-01-01', '2026-01-31', '2026-02-01']);
    // Finance records, on February 10, a price change effective January 1 (a new version 1 would be an
    // edit; here the history is replaced to model a late correction of the recorded terms).
    const corrected = versionsOf(bundle('2400.00'));
    const drafts = planClose({ ...base, versions: corrected, entries: ledger, day: '2026-02-10' });
    const january = ledger.find((e) => e.kind === 'recognition' && e.servicePeriod === '2026-01');
    const janBill = ledger.find((e) => e.kind === 'billing' && e.occurredOn === '2026-01-01');
    expect(drafts.map((d) => [d.kind, d.servicePeriod, d.period, d.amount, d.corrects])).toEqual([
      ['billing', '2026-01', '2026-02', '100.00', janBill?.id],
      ['billing', '2026-02', '2026-02', '100.00', ledger.find((e) => e.occurredOn === '2026-02-01')?.id],
      ['recognition', '2026-01', '2026-02', '100.00', january?.id],
    ]);
  });

  it('books into the first period after the one finance closed', () => {
    const drafts = planClose({ ...base, entries: [], day: '2026-01-31', closedThrough: '2026-02' });
    expect(new Set(drafts.map((d) => d.period))).toEqual(new Set(['2026-03']));
  });

  it('reverses what the ledger holds under a key the terms no longer call for', () => {
    const ledger = run(base, ['2026-01-01', '2026-01-05']);
    // The usage obligation is dropped from the recorded terms: its entry for rcpt_2 is reversed.
    const noUsage = versionsOf({ ...bundle(), obligations: bundle().obligations.slice(0, 1) });
    const drafts = planClose({ ...base, versions: noUsage, entries: ledger, day: '2026-01-05' });
    const usage = ledger.find((e) => e.receiptId === 'rcpt_2');
    expect(drafts.map((d) => [d.kind, d.amount, d.receiptId, d.corrects])).toEqual([
      ['usage', '-5.00', 'rcpt_2', usage?.id],
    ]);
  });

  it('has nothing to close for a customer without revenue terms', () => {
    expect(planClose({ customerId: 'cus_b', versions: [], operations, entries: [], day: '2026-01-31' })).toEqual([]);
  });
});
