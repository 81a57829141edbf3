/**
 * quote: prices a request against one pricing version, purely. The order of operations (docs/pricing.md):
 *  1. each line exactly, by its model; 2. raised to the SKU's minimum; 3. rounded half-up to the minor
 *  unit (the only rounding of a line); 4. subtotal = sum of rounded lines; 5. SKU discounts, each on its
 *  rounded line; 6. the "total" discount on what is left; 7. the minimum-commitment true-up; 8. total.
 */
import { DomainError } from '../errors/domain-error.ts';
import {
  FINE_SCALE,
  HUNDRED,
  ZERO,
  formatExact,
  formatMoney,
  formatPlain,
  parseDecimal,
  roundToMinor,
  type Dec,
} from './decimal.ts';
import { priceSku } from './models.ts';
import type { AppliedDiscount, Quote, QuoteLine, QuoteRequest } from './schema.ts';
import {
  isAmountModel,
  type CompiledDiscount,
  type CompiledPricing,
  type CompiledSku,
  type PricingVersion,
} from './types.ts';
import { compiledPricingOf } from './validate.ts';
import { parseDay } from './version.ts';

interface QuoteContext {
  /** The UTC day the quote is priced on (the request's `at`, or today): YYYY-MM-DD. */
  readonly atDay: string;
}

interface Item {
  readonly sku: CompiledSku;
  readonly value: Dec;
}

const resolveItems = (pricing: CompiledPricing, request: QuoteRequest): Item[] => {
  const seen = new Set<string>();
  const items = request.items.map((item, i): Item => {
    const sku = pricing.skus.get(item.sku);
    if (sku === undefined) throw new DomainError('TAI-PRICING-ITEM-UNKNOWN-SKU', { path: `/items/${i}/sku` });
    if (seen.has(item.sku)) throw new DomainError('TAI-PRICING-ITEM-DUPLICATE', { path: `/items/${i}/sku` });
    seen.add(item.sku);
    const wantsAmount = isAmountModel(sku.model);
    if ('quantity' in item) {
      if (wantsAmount) throw new DomainError('TAI-PRICING-ITEM-NEEDS-AMOUNT', { path: `/items/${i}/quantity` });
      return { sku, value: parseDecimal(item.quantity, `/items/${i}/quantity`, FINE_SCALE) };
    }
    if (!wantsAmount) throw new DomainError('TAI-PRICING-ITEM-NEEDS-QUANTITY', { path: `/items/${i}/amount` });
    return { sku, value: parseDecimal(item.amount, `/items/${i}/amount`, FINE_SCALE) };
  });
  // Lines follow the configuration's SKU order, so the quote never depends on the order of items.
  return items.sort((a, b) => a.sku.position - b.sku.position);
};

/** What a discount takes off `base` (a rounded amount): percent rounded half-up, amount capped at base. */
const discountOff = (discount: CompiledDiscount, base: Dec, minorUnit: number): Dec =>
  discount.kind === 'percent'
    ? roundToMinor(base.times(discount.value).div(HUNDRED), minorUnit)
    : discount.value.lt(base)
      ? discount.value
      : base;

const applied = (discount: CompiledDiscount, off: Dec, minorUnit: number): AppliedDiscount => ({
  appliesTo: discount.appliesTo,
  kind: discount.kind,
  value: discount.valueText,
  amount: formatMoney(off, minorUnit),
});

/**
 * Prices `request` against `version` on `context.atDay`. Pure: same inputs, same quote. Throws
 * DomainError with a TAI-PRICING-* code and the JSON pointer of the offending item.
 */
export const quote = (version: PricingVersion, request: QuoteRequest, context: QuoteContext): Quote => {
  parseDay(context.atDay, '/at');
  if (version.effectiveFrom > context.atDay) {
    throw new DomainError('TAI-PRICING-NOT-IN-FORCE', { path: '/at', detail: `version ${version.version}` });
  }
  const pricing = compiledPricingOf(version.config);
  const minorUnit = pricing.minorUnit;
  const items = resolveItems(pricing, request);

  let subtotal = ZERO;
  const rounded: Dec[] = [];
  const lines = items.map(({ sku, value }): QuoteLine => {
    const priced = priceSku(sku, value, minorUnit);
    let raw = priced.raw;
    if (sku.minimum !== null && raw.lt(sku.minimum)) {
      priced.adjustments.push({ reason: 'sku_minimum', amount: formatExact(sku.minimum.minus(raw), minorUnit) });
      raw = sku.minimum;
    }
    const amount = roundToMinor(raw, minorUnit);
    subtotal = subtotal.plus(amount);
    rounded.push(amount);
    const input = isAmountModel(sku.model) ? { baseAmount: formatPlain(value) } : { quantity: formatPlain(value) };
    return {
      sku: sku.sku,
      model: sku.model,
      ...input,
      breakdown: priced.breakdown,
      adjustments: priced.adjustments,
      amount: formatMoney(amount, minorUnit),
    };
  });

  const discounts: AppliedDiscount[] = [];
  let remaining = subtotal;
  items.forEach(({ sku }, i) => {
    const discount = pricing.skuDiscounts.get(sku.sku);
    if (discount === undefined) return;
    const off = discountOff(discount, rounded[i] ?? ZERO, minorUnit);
    remaining = remaining.minus(off);
    discounts.push(applied(discount, off, minorUnit));
  });
  if (pricing.totalDiscount !== null) {
    const off = discountOff(pricing.totalDiscount, remaining, minorUnit);
    remaining = remaining.minus(off);
    discounts.push(applied(pricing.totalDiscount, off, minorUnit));
  }
  const commitment = pricing.minimumCommitment;
  const trueUp = commitment !== null && remaining.lt(commitment) ? commitment.minus(remaining) : ZERO;

  return {
    currency: pricing.currency,
    pricingVersion: version.version,
    effectiveFrom: version.effectiveFrom,
    at: context.atDay,
    lines,
    discounts,
    commitmentTrueUp: formatMoney(trueUp, minorUnit),
    subtotal: formatMoney(subtotal, minorUnit),
    total: formatMoney(remaining.plus(trueUp), minorUnit),
  };
};
