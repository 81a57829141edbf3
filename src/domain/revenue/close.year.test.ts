/**
 * The daily close over a year in virtual time (pure): a contract that is upgraded in May and cancelled
 * mid-October, receipts every day, terms that finance records a little before they take effect, and
 * past days closed again now and then. The ledger must end as the terms call for, never having
 * changed a closed period, with one usage entry per receipted operation beyond the included volume.
 */
import { describe, expect, it } from 'vitest';
import { Dec, ZERO } from '../pricing/decimal.ts';
import { planClose } from './close.ts';
import { addDays, monthOf } from './days.ts';
import { compileHistory } from './history.ts';
import { seededRandom as random } from '../shared/random.ts';
import { contractSchedule } from './schedule.ts';
import { stored, termsDoc, yearObligations } from '../../../test/support/revenue.ts';
import type {
  ObligationTerms,
  PeriodEvidence,
  ReceiptedOperation,
  RevenueEntry,
  RevenueTermsVersion,
} from './types.ts';
import { waterfall } from './waterfall.ts';

const obligations = (platformPrice: string): ObligationTerms[] =>
  yearObligations(platformPrice, undefined, [
    { id: 'setup', kind: 'setup_fee', price: '600.00', standaloneSellingPrice: '600.00', method: 'daily' },
  ]);
const base = termsDoc({ billing: { kind: 'monthly_in_advance', billingDay: 1 }, obligations: obligations('12000.00') });
/** Each version with the day finance records it. */
const recorded: readonly (readonly [string, RevenueTermsVersion])[] = [
  ['2025-12-20', { version: 1, document: base }],
  [
    '2026-04-20',
    {
      version: 2,
      document: { ...base, effectiveFrom: '2026-05-01', modification: 'upgrade', obligations: obligations('16000.00') },
    },
  ],
  [
    '2026-09-15',
    {
      version: 3,
      document: {
        ...base,
        effectiveFrom: '2026-10-15',
        modification: 'cancellation',
        obligations: obligations('16000.00'),
      },
    },
  ],
];

/** Receipts: up to three publishes a day, a deploy every third day, from a fixed seed. */
const operationsOfYear = (): ReceiptedOperation[] => {
  const rng = random(20260101);
  const ops: ReceiptedOperation[] = [];
  for (let day = '2026-01-01'; day < '2027-01-01'; day = addDays(day, 1)) {
    const publishes = Math.floor(rng() * 4);
    for (let i = 0; i < publishes; i++) {
      ops.push({
        receiptId: `rcpt_${ops.length}`,
        logIndex: ops.length,
        kind: 'publish',
        issuedAt: `${day}T0${i}:00:00Z`,
        units: '1',
      });
    }
    if (Number(day.slice(8)) % 3 === 0) {
      ops.push({
        receiptId: `rcpt_${ops.length}`,
        logIndex: ops.length,
        kind: 'deploy',
        issuedAt: `${day}T12:00:00Z`,
        units: '1',
      });
    }
  }
  return ops;
};

const evidenceOf = (ops: readonly ReceiptedOperation[]): Map<string, PeriodEvidence> => {
  const out = new Map<string, PeriodEvidence>();
  for (const op of ops) {
    const month = monthOf(op.issuedAt);
    const seen = out.get(month);
    out.set(month, {
      logFirst: seen?.logFirst ?? op.logIndex,
      logLast: op.logIndex,
      checkpointSize: op.logIndex + 1,
      checkpointRoot: `root-${op.logIndex + 1}`,
    });
  }
  return out;
};

const sumOf = (entries: readonly RevenueEntry[], keep: (e: RevenueEntry) => boolean): Dec =>
  entries.filter(keep).reduce((a, e) => a.plus(new Dec(e.amount)), ZERO);

describe('daily close over a year, with an upgrade and a cancellation', () => {
  const operations = operationsOfYear();
  const rng = random(7);
  let ledger: RevenueEntry[] = [];
  const closeDay = (day: string, today: string): RevenueEntry[] => {
    const versions = recorded.filter(([at]) => at <= today).map(([, v]) => v);
    const known = operations.filter((o) => o.issuedAt.slice(0, 10) <= today);
    const drafts = planClose({
      customerId: 'cus_a',
      versions,
      operations: known,
      entries: ledger,
      day,
      evidence: evidenceOf(known),
    });
    return stored(drafts, ledger.length);
  };

  for (let day = '2026-01-01'; day <= '2027-01-31'; day = addDays(day, 1)) {
    const appended = closeDay(day, day);
    for (const e of appended) {
      // Booked by this close, in the month being closed: never into a month already past.
      expect(e.bookedOn).toBe(day);
      expect(e.period).toBe(monthOf(day));
    }
    ledger = [...ledger, ...appended];
    // Now and then close a past day again: nothing has changed, so nothing is appended.
    if (rng() < 0.1) expect(closeDay(addDays(day, -Math.floor(rng() * 60) - 1), day)).toEqual([]);
  }

  const all = compileHistory(recorded.map(([, v]) => v));
  const schedule = contractSchedule(all);

  it('recognized each obligation exactly as the terms call for, and nothing after the cancellation', () => {
    for (const id of ['platform', 'support', 'setup']) {
      const expected = schedule.recognition
        .filter((r) => r.obligationId === id)
        .reduce((a, r) => a.plus(r.amount), ZERO);
      expect(sumOf(ledger, (e) => e.kind === 'recognition' && e.obligationId === id).toFixed(2), id).toBe(
        expected.toFixed(2),
      );
    }
    const late = ledger.filter((e) => e.kind !== 'billing' && e.servicePeriod > '2026-10');
    expect(late).toEqual([]);
    expect(ledger.filter((e) => e.kind === 'billing' && e.occurredOn >= '2026-10-15')).toEqual([]);
    expect(ledger.every((e) => e.corrects === null)).toBe(true);
  });

  it('recognized the upgrade prospectively: the platform earns more per day from May', () => {
    const month = (m: string) =>
      sumOf(ledger, (e) => e.kind === 'recognition' && e.obligationId === 'platform' && e.servicePeriod === m);
    // The 15000 of version 1 is allocated by SSP (12000, 3000, 600 of 15600): 11538.46 to the platform,
    // of which January to April (120 of 365 days) is 3793.47. From May the rest of 19000 is shared anew.
    expect(month('2026-04').div(30).lessThan(month('2026-05').div(31))).toBe(true);
    const platformBeforeMay = ['2026-01', '2026-02', '2026-03', '2026-04'].reduce((a, m) => a.plus(month(m)), ZERO);
    expect(platformBeforeMay.toFixed(2)).toBe('3793.47');
  });

  it("has one usage entry per receipted operation beyond the month's included volume, before the cancellation", () => {
    const beyond: string[] = [];
    const used = new Map<string, number>();
    for (const op of operations) {
      if (op.issuedAt >= '2026-10-15') continue;
      const key = `${op.kind}:${monthOf(op.issuedAt)}`;
      const n = (used.get(key) ?? 0) + 1;
      used.set(key, n);
      if (n > (op.kind === 'publish' ? 20 : 5)) beyond.push(op.receiptId);
    }
    const usage = ledger.filter((e) => e.kind === 'usage');
    expect(usage.map((e) => e.receiptId)).toEqual(beyond);
    expect(usage.every((e) => e.logIndex === Number(e.receiptId?.slice(5)))).toBe(true);
  });

  it("carries each month's log range and checkpoint on its recognition entries", () => {
    const march = ledger.filter((e) => e.kind === 'recognition' && e.servicePeriod === '2026-03');
    const ops = operations.filter((o) => monthOf(o.issuedAt) === '2026-03');
    expect(march.length).toBe(3);
    for (const e of march) {
      expect([e.logFirst, e.logLast, e.checkpointSize]).toEqual([
        ops[0]?.logIndex,
        ops.at(-1)?.logIndex,
        (ops.at(-1)?.logIndex ?? 0) + 1,
      ]);
    }
  });

  it('shows in the waterfall what was billed and not earned when the contract was cancelled', () => {
    const rows = waterfall(ledger, 2);
    const last = rows.at(-1);
    const billed = sumOf(ledger, (e) => e.kind !== 'recognition');
    const recognized = sumOf(ledger, (e) => e.kind !== 'billing');
    expect(last?.deferredClosing).toBe(billed.minus(recognized).toFixed(2));
    // October was billed in advance on the 1st; only its first fourteen days were earned.
    expect(Number(last?.deferredClosing)).toBeGreaterThan(0);
    const october = rows.find((r) => r.period === '2026-10');
    expect(Number(october?.billed)).toBeGreaterThan(Number(october?.recognized));
    expect(rows.filter((r) => r.period > '2026-10').every((r) => r.billed === '0.00')).toBe(true);
  });

  it('does not pause recognition on days without receipts (read-only days cost no revenue)', () => {
    const versions = recorded.map(([, v]) => v);
    const june = (ops: readonly ReceiptedOperation[]) =>
      planClose({ customerId: 'cus_a', versions, operations: ops, entries: [], day: '2026-06-30' })
        .filter((d) => d.kind === 'recognition' && d.servicePeriod === '2026-06')
        .map((d) => d.amount);
    const readOnly = (o: ReceiptedOperation) => o.issuedAt >= '2026-06-10' && o.issuedAt < '2026-06-21';
    expect(june(operations.filter((o) => !readOnly(o)))).toEqual(june(operations));
  });
});
