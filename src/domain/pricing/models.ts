/**
 * The seven charge models. Each turns one SKU and one quantity (or amount) into an exact, unrounded
 * charge and the breakdown that explains it. Nothing here rounds: quote.ts rounds each line once.
 */
import { ZERO, formatExact, formatMoney, formatPlain, type Dec } from './decimal.ts';
import type { Adjustment, BreakdownEntry } from './schema.ts';
import type { CompiledSku, CompiledTier } from './types.ts';

interface PricedLine {
  /** Exact charge before the per-SKU minimum and before rounding. */
  readonly raw: Dec;
  readonly breakdown: BreakdownEntry[];
  readonly adjustments: Adjustment[];
}

const entry = (
  tier: number,
  units: Dec,
  unitPrice: string,
  flatFee: Dec,
  amount: Dec,
  minorUnit: number,
): BreakdownEntry => ({
  tier,
  units: formatPlain(units),
  unitPrice,
  flatFee: formatMoney(flatFee, minorUnit),
  amount: formatExact(amount, minorUnit),
});

/** Each unit at the price of the tier it falls in; a tier's flat fee once the quantity passes its lower bound. */
const graduated = (tiers: readonly CompiledTier[], quantity: Dec, minorUnit: number): PricedLine => {
  const breakdown: BreakdownEntry[] = [];
  let raw = ZERO;
  for (const tier of tiers) {
    if (quantity.lte(tier.lower)) break;
    const top = tier.upTo === null || quantity.lt(tier.upTo) ? quantity : tier.upTo;
    const units = top.minus(tier.lower);
    const amount = units.times(tier.price).plus(tier.flatFee);
    raw = raw.plus(amount);
    breakdown.push(entry(tier.index, units, tier.priceText, tier.flatFee, amount, minorUnit));
  }
  return { raw, breakdown, adjustments: [] };
};

/** Every unit at the price of the tier the whole quantity falls in, plus that tier's flat fee. */
const volume = (tiers: readonly CompiledTier[], quantity: Dec, minorUnit: number): PricedLine => {
  if (quantity.isZero()) return { raw: ZERO, breakdown: [], adjustments: [] };
  const tier = tiers.find((t) => t.upTo === null || quantity.lte(t.upTo));
  if (tier === undefined) throw new Error('unreachable: validated tiers always end with an open tier');
  const raw = quantity.times(tier.price).plus(tier.flatFee);
  return {
    raw,
    breakdown: [entry(tier.index, quantity, tier.priceText, tier.flatFee, raw, minorUnit)],
    adjustments: [],
  };
};

const clamp = (reason: Adjustment['reason'], to: Dec, from: Dec, minorUnit: number): Adjustment => ({
  reason,
  amount: formatExact(to.minus(from), minorUnit),
});

/** The exact charge for one SKU at one quantity (or amount), with its breakdown. */
export const priceSku = (sku: CompiledSku, value: Dec, minorUnit: number): PricedLine => {
  switch (sku.model) {
    case 'flat':
      return { raw: sku.amount, breakdown: [entry(1, value, '0', sku.amount, sku.amount, minorUnit)], adjustments: [] };
    case 'per_unit': {
      if (value.isZero()) return { raw: ZERO, breakdown: [], adjustments: [] };
      const raw = value.times(sku.unitPrice);
      return { raw, breakdown: [entry(1, value, sku.unitPriceText, ZERO, raw, minorUnit)], adjustments: [] };
    }
    case 'graduated':
    case 'graduated_percentage':
      return graduated(sku.tiers, value, minorUnit);
    case 'volume':
      return volume(sku.tiers, value, minorUnit);
    case 'package': {
      const whole = value.divToInt(sku.packageSize);
      const packages = sku.rounding === 'up' && !value.mod(sku.packageSize).isZero() ? whole.plus(1) : whole;
      if (packages.isZero()) return { raw: ZERO, breakdown: [], adjustments: [] };
      const raw = packages.times(sku.packagePrice);
      const price = formatMoney(sku.packagePrice, minorUnit);
      return { raw, breakdown: [entry(1, packages, price, ZERO, raw, minorUnit)], adjustments: [] };
    }
    case 'percentage': {
      if (value.isZero()) return { raw: ZERO, breakdown: [], adjustments: [] };
      const charge = value.times(sku.rate).plus(sku.fixedFee);
      const breakdown = [entry(1, value, sku.rateText, sku.fixedFee, charge, minorUnit)];
      if (sku.min !== null && charge.lt(sku.min)) {
        return { raw: sku.min, breakdown, adjustments: [clamp('percentage_min', sku.min, charge, minorUnit)] };
      }
      if (sku.max !== null && charge.gt(sku.max)) {
        return { raw: sku.max, breakdown, adjustments: [clamp('percentage_max', sku.max, charge, minorUnit)] };
      }
      return { raw: charge, breakdown, adjustments: [] };
    }
  }
};
