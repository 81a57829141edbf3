/** Property tests (fast-check) of the recognition methods and of the allocation. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minorUnitOf } from '../pricing/currencies.ts';
import { Dec, ZERO } from '../pricing/decimal.ts';
import { allocateByWeight } from './allocation.ts';
import { addDays, addMonths, dayOf, daysBetween, firstDayOf, nextMonth } from './days.ts';
import { recognize } from './methods.ts';
import type { PeriodShare, RecognitionMethod } from './types.ts';

const currencyArb = fc.constantFrom('USD', 'JPY', 'KWD');
const unitsArb = fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 2_000_000_000 }));
const amountOf = (units: number, currency: string): Dec =>
  new Dec(units).div(new Dec(10).pow(minorUnitOf(currency) ?? 2));
// 2020-01-01 .. 2030-12-31, and periods of one day to three years.
const startArb = fc.integer({ min: 18262, max: 22279 }).map(dayOf);
const lengthArb = fc.integer({ min: 1, max: 1100 });

const total = (shares: readonly PeriodShare[]): Dec => shares.reduce((a, s) => a.plus(s.amount), ZERO);
const byPeriod = (shares: readonly PeriodShare[]): Map<string, Dec> => new Map(shares.map((s) => [s.period, s.amount]));

const schedules = fc
  .record({
    currency: currencyArb,
    units: unitsArb,
    start: startArb,
    length: lengthArb,
    months: fc.integer({ min: 1, max: 40 }),
  })
  .chain((r) =>
    fc.constantFrom<RecognitionMethod>('daily', 'monthly', 'monthly_prorated').map((method) => {
      const end = method === 'monthly' ? addMonths(r.start, r.months) : addDays(r.start, r.length);
      return { ...r, method, end, amount: amountOf(r.units, r.currency), minor: minorUnitOf(r.currency) ?? 2 };
    }),
  );

describe('recognition methods', () => {
  it('every schedule sums exactly to the amount, on the minor-unit grid, no period negative, in order', () => {
    fc.assert(
      fc.property(schedules, ({ amount, minor, start, end, method }) => {
        const shares = recognize(amount, minor, start, end, method);
        expect(total(shares).eq(amount)).toBe(true);
        for (const s of shares) {
          expect(s.amount.isNegative()).toBe(false);
          expect(s.amount.decimalPlaces()).toBeLessThanOrEqual(minor);
          expect(s.from < s.to && s.from >= start && s.to <= end).toBe(true);
        }
        const periods = shares.map((s) => s.period);
        expect([...periods].sort()).toEqual(periods);
        expect(new Set(periods).size).toBe(periods.length);
      }),
      { numRuns: 300 },
    );
  });

  // A day moves from the month the period started in to the month it now ends in; each month's exact
  // share moves by at most one day's amount. Rounding adds at most a minor unit per period (the
  // remainder period carries the others' rounding, hence the period count).
  const checkShift = (
    method: RecognitionMethod,
    { amount, minor, start, end }: { amount: Dec; minor: number; start: string; end: string },
  ): void => {
    const before = recognize(amount, minor, start, end, method);
    const after = recognize(amount, minor, addDays(start, 1), addDays(end, 1), method);
    const oneDay = amount.div(daysBetween(start, end));
    const slack = new Dec(10).pow(-minor).times(before.length + 1);
    const a = byPeriod(before);
    const b = byPeriod(after);
    for (const period of new Set([...a.keys(), ...b.keys()])) {
      const moved = (a.get(period) ?? ZERO).minus(b.get(period) ?? ZERO).abs();
      expect(
        moved.lte(oneDay.plus(slack)),
        `${period}: ${moved.toFixed()} > ${oneDay.toFixed()} + ${slack.toFixed()}`,
      ).toBe(true);
    }
  };

  it("daily: shifting the start (and end) by a day moves at most one day's amount in any month", () => {
    fc.assert(
      fc.property(schedules, (s) => checkShift('daily', s)),
      { numRuns: 200 },
    );
  });

  it('monthly_prorated: the same, as long as the shift leaves the same full months', () => {
    const fullMonths = (start: string, end: string): string[] => {
      const out: string[] = [];
      for (let m = start.slice(0, 7); firstDayOf(m) < end; m = nextMonth(m)) {
        if (firstDayOf(m) >= start && firstDayOf(nextMonth(m)) <= end) out.push(m);
      }
      return out;
    };
    fc.assert(
      fc.property(schedules, (s) => {
        const same =
          JSON.stringify(fullMonths(s.start, s.end)) ===
          JSON.stringify(fullMonths(addDays(s.start, 1), addDays(s.end, 1)));
        fc.pre(same);
        checkShift('monthly_prorated', s);
      }),
      { numRuns: 200 },
    );
  });

  it('monthly_prorated: when the shift makes a partial month full, the full months re-share the rest (documented)', () => {
    // [Jan 31, Mar 31) has one full month (Feb, 28/59 of the amount); [Feb 1, Apr 1) has two, half each.
    const before = byPeriod(recognize(new Dec('59.00'), 2, '2026-01-31', '2026-03-31', 'monthly_prorated'));
    const after = byPeriod(recognize(new Dec('59.00'), 2, '2026-02-01', '2026-04-01', 'monthly_prorated'));
    expect(before.get('2026-02')?.toFixed(2)).toBe('28.00');
    expect(after.get('2026-02')?.toFixed(2)).toBe('29.50');
  });
});

describe('allocation by relative standalone selling price', () => {
  it('sums exactly, each part within one minor unit of its exact share, none negative', () => {
    fc.assert(
      fc.property(
        currencyArb,
        unitsArb,
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 6 }),
        (currency, units, sspUnits) => {
          fc.pre(sspUnits.some((u) => u > 0));
          const minor = minorUnitOf(currency) ?? 2;
          const amount = amountOf(units, currency);
          const ssps = sspUnits.map((u) => amountOf(u, currency));
          const parts = allocateByWeight(amount, ssps, minor);
          const sum = ssps.reduce((a, b) => a.plus(b), ZERO);
          expect(parts.reduce((a, b) => a.plus(b), ZERO).eq(amount)).toBe(true);
          parts.forEach((p, i) => {
            const exact = amount.times(ssps[i] ?? ZERO).div(sum);
            expect(p.isNegative()).toBe(false);
            expect(p.minus(exact).abs().lt(new Dec(10).pow(-minor))).toBe(true);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
