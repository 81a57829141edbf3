/**
 * The close planned in part equals the close planned whole. Days closed in order, with some past days
 * closed again now and then; terms versions recorded along the way (an upgrade, a cancellation), some
 * after they took effect; a month closed by finance; publishes, deploys and capacity held, some receipts
 * committed after the close of their day had read. At every step, planning from the customer's mark
 * (planFrom) over only what a windowed read holds (inCloseWindow) appends exactly what planning the whole
 * history appends, and so the two ledgers stay the same.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { inCloseWindow, stored, termsDoc, yearObligations } from '../../../test/support/revenue.ts';
import { planClose, planFrom, type CloseMark } from './close.ts';
import { addDays, dayOf, lastDayOf, monthOf } from './days.ts';
import type {
  CapacityHolding,
  ObligationTerms,
  ReceiptedOperation,
  RevenueEntry,
  RevenueTermsDocument,
  RevenueTermsVersion,
} from './types.ts';

const obligations = (platformPrice: string, included: string): ObligationTerms[] => [
  ...yearObligations(platformPrice, { publish: included, deploy: '1' }),
  { id: 'capacity', kind: 'usage', meter: 'capacity_unit_day', includedPerMonth: '10', unitPrice: '0.25' },
];
const base = termsDoc({
  billing: { kind: 'monthly_in_advance', billingDay: 1 },
  obligations: obligations('12000.00', '3'),
});

// 2026-01-01 is day 20454; the scenario runs over its first 150 days.
const START = 20454;
const SPAN = 150;
const dayArb = fc.integer({ min: START, max: START + SPAN - 1 }).map(dayOf);

/** The versions, in the order recorded: the base before the year, and optionally an upgrade and a cancellation. */
const historyArb = fc
  .record({
    upgrade: fc.option(fc.record({ month: fc.integer({ min: 2, max: 5 }), lead: fc.integer({ min: -60, max: 20 }) })),
    cancel: fc.option(
      fc.record({ day: fc.integer({ min: 40, max: SPAN - 1 }), lead: fc.integer({ min: -60, max: 30 }) }),
    ),
  })
  .map(({ upgrade, cancel }) => {
    const out: (readonly [string, RevenueTermsDocument])[] = [['2025-12-20', base]];
    let last = base;
    if (upgrade !== null) {
      const effectiveFrom = `2026-0${upgrade.month}-01`;
      last = { ...base, effectiveFrom, modification: 'upgrade', obligations: obligations('16000.00', '5') };
      out.push([addDays(effectiveFrom, -upgrade.lead), last]);
    }
    if (cancel !== null) {
      const effectiveFrom = dayOf(START + cancel.day);
      if (effectiveFrom > last.effectiveFrom) {
        last = { ...last, effectiveFrom, modification: 'cancellation' };
        const at = addDays(effectiveFrom, -cancel.lead);
        const after = out.at(-1)?.[0] ?? at;
        out.push([at > after ? at : after, last]);
      }
    }
    return out;
  });

const operationsArb = fc
  .array(
    fc.record({
      // A month's last day now and then: where a receipt committed late crosses into the next month.
      day: fc.oneof(
        dayArb,
        fc.integer({ min: 1, max: 4 }).map((m) => lastDayOf(`2026-0${m}`)),
      ),
      kind: fc.constantFrom('publish' as const, 'deploy' as const),
      late: fc.constantFrom(0, 0, 0, 1),
    }),
    { maxLength: 120 },
  )
  .map((ops) =>
    ops
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
      .map((o, i) => {
        const operation: ReceiptedOperation = {
          receiptId: `rcpt_op${i}`,
          logIndex: i,
          kind: o.kind,
          issuedAt: `${o.day}T23:59:59.900Z`,
          units: '1',
        };
        // A late one was committed after the close of its day had read: a transaction in flight at midnight.
        return { operation, known: addDays(o.day, o.late) };
      }),
  );

const holdingsArb = fc.array(
  fc.record({
    start: dayArb,
    length: fc.option(fc.integer({ min: 0, max: 70 })),
    units: fc.integer({ min: 1, max: 4 }),
  }),
  { maxLength: 4 },
);

/**
 * The days closed, in order: each day once, and now and then some past days again in ascending order (as
 * an operator re-closing after a fix), or the day itself again.
 */
const runsArb = fc.array(
  fc.oneof(
    { arbitrary: fc.constant(null), weight: 8 },
    {
      arbitrary: fc.record({ back: fc.integer({ min: 0, max: 45 }), count: fc.integer({ min: 1, max: 3 }) }),
      weight: 1,
    },
  ),
  { minLength: SPAN, maxLength: SPAN },
);

it('planning from the mark over a windowed read appends what planning the whole history appends', () => {
  fc.assert(
    fc.property(
      historyArb,
      operationsArb,
      holdingsArb,
      runsArb,
      fc.option(fc.integer({ min: 30, max: SPAN - 1 })),
      (history, operations, holdingSpecs, reruns, financeCloses) => {
        const holdings: CapacityHolding[] = holdingSpecs.map((h, i) => ({
          receiptId: `rcpt_h${i}`,
          logIndex: 1000 + i,
          issuedAt: `${h.start}T08:00:00.000Z`,
          units: h.units,
          endedAt: h.length === null ? null : `${addDays(h.start, h.length)}T08:00:00.000Z`,
        }));
        let ledger: RevenueEntry[] = [];
        let mark: CloseMark | undefined;
        let partial = 0;
        const close = (day: string, today: string): void => {
          const versions: RevenueTermsVersion[] = history
            .filter(([at]) => at <= today)
            .map(([, document], i) => ({ version: i + 1, document }));
          const known = operations.filter((o) => o.known <= today).map((o) => o.operation);
          const held = holdings.filter((h) => h.issuedAt.slice(0, 10) <= today);
          const closedThrough =
            financeCloses !== null && dayOf(START + financeCloses) <= today
              ? monthOf(dayOf(START + financeCloses - 31))
              : null;
          const whole = planClose({
            customerId: 'cus_a',
            versions,
            operations: known,
            holdings: held,
            entries: ledger,
            day,
            closedThrough,
          });
          const from = planFrom(mark, versions.length, day);
          if (from !== undefined) {
            partial++;
            const part = planClose({
              customerId: 'cus_a',
              versions,
              operations: known.filter((o) => inCloseWindow.operation(o, from)),
              holdings: held.filter((h) => inCloseWindow.holding(h, from)),
              entries: ledger.filter((e) => inCloseWindow.entry(e, from, monthOf(day))),
              day,
              closedThrough,
              from,
            });
            expect(part, `${day} (today ${today}) from ${from}`).toEqual(whole);
          }
          ledger = [...ledger, ...stored(whole, ledger.length)];
          mark = { throughDay: day, termsVersions: versions.length };
        };
        for (let n = 0; n < SPAN; n++) {
          const today = dayOf(START + n);
          close(today, today);
          const back = reruns[n];
          if (back == null) continue;
          for (let i = 0; i < back.count && i <= back.back; i++) close(addDays(today, i - back.back), today);
        }
        // Most closes were planned in part: the property is not vacuous.
        expect(partial).toBeGreaterThan(SPAN / 2);
      },
    ),
    { numRuns: 25 },
  );
});
