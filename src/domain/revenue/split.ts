/**
 * The one rounding rule of revenue schedules: every share is rounded half-up to the currency's minor
 * unit, except one named share, which takes the remainder so that the shares sum exactly to the amount.
 */
import { ZERO, roundToMinor, type Dec } from '../pricing/decimal.ts';

const smaller = (a: Dec, b: Dec): Dec => (a.lessThan(b) ? a : b);
const sum = (values: readonly Dec[]): Dec => values.reduce((a, b) => a.plus(b), ZERO);

/**
 * `rounded` holds every share already rounded; the share at `remainder` is replaced by the amount less
 * all the others. That remainder can only come out negative when the shares are a few minor units each
 * and most were rounded up; then the excess is taken back from the other shares, the latest first, so
 * that no share is negative and the sum is still exact. `amount` must not be negative.
 */
export const settleRemainder = (rounded: readonly Dec[], amount: Dec, remainder: number): Dec[] => {
  const out = rounded.map((v, i) => (i === remainder ? ZERO : v));
  let rest = amount.minus(sum(out));
  for (let i = out.length - 1; i >= 0 && rest.isNegative(); i--) {
    const v = out[i];
    if (i === remainder || v === undefined || !v.isPositive()) continue;
    const take = smaller(v, rest.negated());
    out[i] = v.minus(take);
    rest = rest.plus(take);
  }
  out[remainder] = rest;
  return out;
};

/**
 * Splits `amount` in proportion to `weights` (exact, non-negative, not all zero): each share rounded half-up,
 * the share at `remainder` (the last by default) taking the remainder. A negative amount (a credit) is
 * split as its opposite and negated.
 */
export const splitByWeights = (
  amount: Dec,
  weights: readonly (number | Dec)[],
  minorUnit: number,
  remainder = weights.length - 1,
): Dec[] => {
  if (amount.isNegative())
    return splitByWeights(amount.negated(), weights, minorUnit, remainder).map((v) => v.negated());
  const total = weights.reduce<Dec>((a, b) => a.plus(b), ZERO);
  const rounded = weights.map((w) => roundToMinor(amount.times(w).div(total), minorUnit));
  return settleRemainder(rounded, amount, remainder);
};
