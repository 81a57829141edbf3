/**
 * Steps 3 and 4 of the five: the transaction price (fixed fees plus, where the contract says so,
 * expected usage) and its allocation to the obligations by relative standalone selling price.
 */
import { DomainError } from '../errors/domain-error.ts';
import { Dec, ZERO } from '../pricing/decimal.ts';
import type { CompiledTerms } from './types.ts';

/**
 * `total` split in proportion to `weights` on the minor-unit grid, exactly: each part is first cut
 * down to the grid, then the minor units left over go one each to the parts that lost the most in
 * that cut (the earlier part on a tie), the largest-remainder rule. Every part is within one minor
 * unit of its exact share and none is negative. `total` must not be negative.
 */
export const allocateByWeight = (total: Dec, weights: readonly Dec[], minorUnit: number): Dec[] => {
  const sum = weights.reduce((a, b) => a.plus(b), ZERO);
  if (sum.isZero()) {
    if (total.isZero()) return weights.map(() => ZERO);
    throw new DomainError('TAI-REVENUE-SSP-ZERO', { detail: `cannot allocate ${total.toFixed()} by zero weights` });
  }
  const unit = new Dec(10).pow(-minorUnit);
  const exact = weights.map((w) => total.times(w).div(sum));
  const parts = exact.map((e) => e.toDecimalPlaces(minorUnit, Dec.ROUND_DOWN));
  let left = total
    .minus(parts.reduce((a, b) => a.plus(b), ZERO))
    .div(unit)
    .toNumber();
  const order = exact
    .map((e, i) => ({ i, lost: e.minus(parts[i] ?? ZERO) }))
    .sort((a, b) => b.lost.comparedTo(a.lost) || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? ZERO).plus(unit);
    left--;
  }
  return parts;
};

interface TransactionPrice {
  /** Fixed consideration: the sum of the ratable obligations' prices. */
  readonly fixed: Dec;
  /** Expected usage the contract counts in: its expected billable units at the unit price. */
  readonly variable: Dec;
  readonly total: Dec;
}

export const transactionPrice = (terms: CompiledTerms): TransactionPrice => {
  const fixed = terms.ratable.reduce((a, o) => a.plus(o.price), ZERO);
  const variable = terms.usage
    .filter((u) => u.inTransactionPrice)
    .reduce((a, u) => a.plus(u.expectedUnits.times(u.unitPrice).toDecimalPlaces(terms.minorUnit)), ZERO);
  return { fixed, variable, total: fixed.plus(variable) };
};

interface Allocation {
  readonly obligationId: string;
  readonly amount: Dec;
}

/**
 * The fixed consideration `amount` allocated to the ratable obligations by relative standalone selling
 * price (a discount on the bundle falls on each in proportion). Variable usage consideration is not
 * spread: it relates to its usage obligation alone and is recognized as the units are used.
 */
export const allocateFixed = (terms: CompiledTerms, amount: Dec): Allocation[] => {
  const parts = allocateByWeight(
    amount,
    terms.ratable.map((o) => o.ssp),
    terms.minorUnit,
  );
  return terms.ratable.map((o, i) => ({ obligationId: o.id, amount: parts[i] ?? ZERO }));
};
