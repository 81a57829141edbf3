/**
 * The capacity meter over a deployment's life: whatever days the close runs on, in any order and with
 * re-runs, the unit-days booked by the end equal units x days held ([deploy day, end day)), one original
 * per day, each naming the deploy receipt; a deployment still holding counts every day through the day
 * closed. Included volume 0 and unit price 1.00, so each unit-day's amount is its units.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { stored, termsDoc, versionsOf } from '../../../test/support/revenue.ts';
import { planClose } from './close.ts';
import { addDays, dayOf, daysBetween } from './days.ts';
import type { CapacityHolding, RevenueEntry } from './types.ts';
import { unitDayOperations } from './unit-days.ts';

const versions = versionsOf(
  termsDoc({
    obligations: [
      { id: 'platform', kind: 'platform_access', price: '0.00', standaloneSellingPrice: '1.00', method: 'daily' },
      { id: 'capacity', kind: 'usage', meter: 'capacity_unit_day', includedPerMonth: '0', unitPrice: '1.00' },
    ],
  }),
);
// 2026-01-01 is day 20454; the service runs through 2026-12-31.
const dayArb = fc.integer({ min: 20454, max: 20454 + 364 }).map(dayOf);

const holdingArb = fc
  .record({ start: dayArb, length: fc.integer({ min: 0, max: 80 }), units: fc.integer({ min: 1, max: 9 }) })
  .chain((h) =>
    fc.boolean().map((ended): CapacityHolding => ({
      receiptId: 'rcpt_deploy',
      logIndex: 7,
      issuedAt: `${h.start}T13:45:00.000Z`,
      units: h.units,
      endedAt: ended ? `${addDays(h.start, h.length)}T08:00:00.000Z` : null,
    })),
  );

it('books units x days held over a deployment life, whatever days the close runs on', () => {
  fc.assert(
    fc.property(holdingArb, fc.array(dayArb, { maxLength: 12 }), (holding, days) => {
      const last = '2026-12-31';
      let ledger: RevenueEntry[] = [];
      for (const day of [...days, ...days.slice(0, 3), last]) {
        const drafts = planClose({
          customerId: 'cus_a',
          versions,
          operations: [],
          entries: ledger,
          day,
          holdings: [holding],
        });
        ledger = [...ledger, ...stored(drafts, ledger.length)];
      }
      const end = holding.endedAt === null ? '2027-01-01' : holding.endedAt.slice(0, 10);
      const held = daysBetween(holding.issuedAt.slice(0, 10), end < '2027-01-01' ? end : '2027-01-01');
      const unitDays = ledger.filter((e) => e.meter === 'capacity_unit_day');
      const total = unitDays.reduce((a, e) => a + Number(e.amount), 0);
      expect(total).toBe(holding.units * held);
      const originals = unitDays.filter((e) => e.corrects === null);
      expect(new Set(originals.map((e) => e.occurredOn)).size).toBe(originals.length);
      expect(unitDays.every((e) => e.receiptId === 'rcpt_deploy' && e.logIndex === 7)).toBe(true);
      // Closing the last day again appends nothing.
      expect(
        planClose({ customerId: 'cus_a', versions, operations: [], entries: ledger, day: last, holdings: [holding] }),
      ).toEqual([]);
    }),
  );
});

it('counts the day a deployment starts and not the day it ends', () => {
  const h = (endedAt: string | null): CapacityHolding => ({
    receiptId: 'r',
    logIndex: 0,
    issuedAt: '2026-03-02T10:00:00.000Z',
    units: 4,
    endedAt,
  });
  expect(unitDayOperations([h('2026-03-05T09:00:00.000Z')], '2026-03-31').map((o) => o.day)).toEqual([
    '2026-03-02',
    '2026-03-03',
    '2026-03-04',
  ]);
  expect(unitDayOperations([h('2026-03-02T18:00:00.000Z')], '2026-03-31')).toEqual([]);
  expect(unitDayOperations([h(null)], '2026-03-03').map((o) => [o.day, o.units])).toEqual([
    ['2026-03-02', '4'],
    ['2026-03-03', '4'],
  ]);
  // An end after the day closed has not happened yet as that close sees it.
  expect(unitDayOperations([h('2026-03-05T09:00:00.000Z')], '2026-03-03')).toHaveLength(2);
});

it('counts the included volume in day order across overlapping deployments', () => {
  const holding = (receiptId: string, logIndex: number, from: string, to: string, units: number): CapacityHolding => ({
    receiptId,
    logIndex,
    issuedAt: `${from}T12:00:00.000Z`,
    units,
    endedAt: `${to}T12:00:00.000Z`,
  });
  const terms = versionsOf(
    termsDoc({
      obligations: [
        { id: 'platform', kind: 'platform_access', price: '0.00', standaloneSellingPrice: '1.00', method: 'daily' },
        { id: 'capacity', kind: 'usage', meter: 'capacity_unit_day', includedPerMonth: '3', unitPrice: '1.00' },
      ],
    }),
  );
  // A holds 1 unit on March 1 to 3, B 1 unit on March 2 to 3: by day A1, A2, B2 (the 3 included), then A3, B3.
  const drafts = planClose({
    customerId: 'cus_a',
    versions: terms,
    operations: [],
    entries: [],
    day: '2026-03-31',
    holdings: [
      holding('rcpt_a', 1, '2026-03-01', '2026-03-04', 1),
      holding('rcpt_b', 2, '2026-03-02', '2026-03-04', 1),
    ],
  });
  expect(drafts.filter((d) => d.kind === 'usage').map((d) => [d.receiptId, d.occurredOn, d.amount])).toEqual([
    ['rcpt_a', '2026-03-03', '1.00'],
    ['rcpt_b', '2026-03-03', '1.00'],
  ]);
});
