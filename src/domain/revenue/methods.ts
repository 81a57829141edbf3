/**
 * The three recognition methods over a service period [start, end) of UTC days, in calendar-month
 * periods (docs/revenue.md has a worked example of each). Every share is rounded half-up to the
 * currency's minor unit and one named share takes the remainder, so a schedule sums exactly.
 */
import { DomainError } from '../errors/domain-error.ts';
import { ONE, ZERO, roundToMinor, type Dec } from '../pricing/decimal.ts';
import { addMonths, daysBetween, firstDayOf, monthOf, monthsCovering, nextMonth } from './days.ts';
import { settleRemainder, splitByWeights } from './split.ts';
import type { PeriodShare, RecognitionMethod } from './types.ts';

interface Piece {
  readonly period: string;
  readonly from: string;
  readonly to: string;
}

/** The part of [start, end) inside each calendar month it touches. */
const calendarPieces = (start: string, end: string): Piece[] =>
  monthsCovering(start, end).map((period) => {
    const first = firstDayOf(period);
    const next = firstDayOf(nextMonth(period));
    return { period, from: start > first ? start : first, to: end < next ? end : next };
  });

const withAmounts = (pieces: readonly Piece[], amounts: readonly Dec[]): PeriodShare[] =>
  pieces.map((p, i) => ({ ...p, amount: amounts[i] ?? ZERO }));

/** daily: each day earns amount / days; a month's share is the sum of its days; the last month takes the remainder. */
const daily = (amount: Dec, minorUnit: number, start: string, end: string): PeriodShare[] => {
  const pieces = calendarPieces(start, end);
  return withAmounts(
    pieces,
    splitByWeights(
      amount,
      pieces.map((p) => daysBetween(p.from, p.to)),
      minorUnit,
    ),
  );
};

/**
 * The service months of [start, end): [start + k months, start + k + 1 months), each booked in the
 * calendar month it starts. Refused unless end is start plus a whole number of months.
 */
export const serviceMonths = (start: string, end: string): Piece[] => {
  const out: Piece[] = [];
  let from = start;
  for (let k = 1; from < end; k++) {
    const to = addMonths(start, k);
    out.push({ period: monthOf(from), from, to });
    from = to;
  }
  if (from !== end) {
    throw new DomainError('TAI-REVENUE-MONTHLY-PARTIAL', {
      detail: `[${start}, ${end}) is ${out.length - 1} service months and ${daysBetween(out.at(-1)?.from ?? start, end)} days`,
    });
  }
  return out;
};

/** monthly: each service month earns amount / months, booked in the month it starts; the last takes the remainder. */
const monthly = (amount: Dec, minorUnit: number, start: string, end: string): PeriodShare[] => {
  const pieces = serviceMonths(start, end);
  return withAmounts(
    pieces,
    splitByWeights(
      amount,
      pieces.map(() => 1),
      minorUnit,
    ),
  );
};

/**
 * monthly_prorated: a partial first or last calendar month earns amount x its days / total days; the
 * full months share the rest equally, the last full month taking the remainder (the last month when
 * there is no full month).
 */
const monthlyProrated = (amount: Dec, minorUnit: number, start: string, end: string): PeriodShare[] => {
  const pieces = calendarPieces(start, end);
  const days = pieces.map((p) => daysBetween(p.from, p.to));
  const full = pieces.map((p) => p.from === firstDayOf(p.period) && p.to === firstDayOf(nextMonth(p.period)));
  const fullCount = full.filter(Boolean).length;
  if (fullCount === 0) return withAmounts(pieces, splitByWeights(amount, days, minorUnit));
  const total = days.reduce((a, b) => a + b, 0);
  const partial = days.map((d, i) => (full[i] ? ZERO : roundToMinor(amount.times(d).div(total), minorUnit)));
  const rest = partial.reduce((a, b) => a.minus(b), amount);
  const share = rest.isNegative() ? ZERO : roundToMinor(rest.div(fullCount), minorUnit);
  const rounded = partial.map((p, i) => (full[i] ? share : p));
  return withAmounts(pieces, settleRemainder(rounded, amount, full.lastIndexOf(true)));
};

const METHODS: Readonly<Record<RecognitionMethod, typeof daily>> = {
  daily,
  monthly,
  monthly_prorated: monthlyProrated,
};

/**
 * The schedule of `amount` (on the minor-unit grid, not negative) over [start, end) by `method`: one
 * share per period, in order, summing exactly to the amount.
 */
export const recognize = (
  amount: Dec,
  minorUnit: number,
  start: string,
  end: string,
  method: RecognitionMethod,
): PeriodShare[] => {
  if (end <= start) throw new DomainError('TAI-REVENUE-PERIOD-EMPTY', { detail: `[${start}, ${end})` });
  return METHODS[method](amount, minorUnit, start, end);
};

/** The share of a piece earned before `day`: by days, rounded half-up (the whole piece when it ends by then). */
export const shareBefore = (share: PeriodShare, day: string, minorUnit: number): Dec => {
  if (share.to <= day) return share.amount;
  if (share.from >= day) return ZERO;
  const part = ONE.times(daysBetween(share.from, day)).div(daysBetween(share.from, share.to));
  return roundToMinor(share.amount.times(part), minorUnit);
};
