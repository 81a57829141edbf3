/**
 * validatePricingConfig: structure (the TypeBox schema), then meaning (currency, dates, decimals,
 * tiers, discounts), each failure a DomainError with its own code and the JSON pointer at fault. The
 * same pass compiles the configuration into decimals; the result is memoized per config object so a
 * quote never validates twice.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DomainError } from '../errors/domain-error.ts';
import { minorUnitOf } from './currencies.ts';
import { FINE_SCALE, HUNDRED, ONE, ZERO, parseDecimal, type Dec } from './decimal.ts';
import { PricingConfigSchema, type PricingConfig, type SkuConfig } from './schema.ts';
import type { CompiledDiscount, CompiledPricing, CompiledSku, CompiledTier } from './types.ts';
import { parseDay } from './version.ts';

const structure = TypeCompiler.Compile(PricingConfigSchema);

type Parse = (text: string, path: string) => Dec;

interface TierInput {
  readonly upTo: string | null;
  readonly flatFee?: string;
}

const compileTiers = <T extends TierInput>(
  tiers: readonly T[],
  path: string,
  priceOf: (tier: T) => readonly [field: string, text: string],
  money: Parse,
  isRate: boolean,
): CompiledTier[] => {
  let lower = ZERO;
  return tiers.map((tier, i) => {
    const at = `${path}/tiers/${i}`;
    const last = i === tiers.length - 1;
    if (tier.upTo === null && !last) throw new DomainError('TAI-PRICING-TIER-OPEN-NOT-LAST', { path: `${at}/upTo` });
    if (tier.upTo !== null && last) throw new DomainError('TAI-PRICING-TIER-LAST-NOT-OPEN', { path: `${at}/upTo` });
    const upTo = tier.upTo === null ? null : parseDecimal(tier.upTo, `${at}/upTo`, FINE_SCALE);
    if (upTo !== null && upTo.lte(lower)) {
      throw new DomainError('TAI-PRICING-TIER-OVERLAP', {
        path: `${at}/upTo`,
        detail: `upTo ${upTo.toFixed()} is not above the previous bound ${lower.toFixed()}`,
      });
    }
    const [field, text] = priceOf(tier);
    const price = parseDecimal(text, `${at}/${field}`, FINE_SCALE);
    if (isRate && price.gt(ONE)) throw new DomainError('TAI-PRICING-RATE-RANGE', { path: `${at}/${field}` });
    const flatFee = tier.flatFee === undefined ? ZERO : money(tier.flatFee, `${at}/flatFee`);
    const compiled: CompiledTier = { index: i + 1, lower, upTo, price, priceText: text, flatFee };
    lower = upTo ?? lower;
    return compiled;
  });
};

const compileSku = (sku: SkuConfig, position: number, money: Parse): CompiledSku => {
  const path = `/skus/${position}`;
  const fine: Parse = (text, p) => parseDecimal(text, p, FINE_SCALE);
  const base = {
    sku: sku.sku,
    position,
    minimum: sku.minimum === undefined ? null : money(sku.minimum, `${path}/minimum`),
  };
  switch (sku.model) {
    case 'flat':
      return { ...base, model: 'flat', amount: money(sku.amount, `${path}/amount`) };
    case 'per_unit':
      return {
        ...base,
        model: 'per_unit',
        unitPrice: fine(sku.unitPrice, `${path}/unitPrice`),
        unitPriceText: sku.unitPrice,
      };
    case 'graduated':
    case 'volume':
      return {
        ...base,
        model: sku.model,
        tiers: compileTiers(sku.tiers, path, (t) => ['unitPrice', t.unitPrice], money, false),
      };
    case 'graduated_percentage':
      return {
        ...base,
        model: 'graduated_percentage',
        tiers: compileTiers(sku.tiers, path, (t) => ['rate', t.rate], money, true),
      };
    case 'package': {
      const packageSize = fine(sku.packageSize, `${path}/packageSize`);
      if (packageSize.isZero()) throw new DomainError('TAI-PRICING-PACKAGE-SIZE-ZERO', { path: `${path}/packageSize` });
      return {
        ...base,
        model: 'package',
        packageSize,
        packagePrice: money(sku.packagePrice, `${path}/packagePrice`),
        rounding: sku.rounding ?? 'up',
      };
    }
    case 'percentage': {
      const rate = fine(sku.rate, `${path}/rate`);
      if (rate.gt(ONE)) throw new DomainError('TAI-PRICING-RATE-RANGE', { path: `${path}/rate` });
      const min = sku.min === undefined ? null : money(sku.min, `${path}/min`);
      const max = sku.max === undefined ? null : money(sku.max, `${path}/max`);
      if (min !== null && max !== null && min.gt(max)) {
        throw new DomainError('TAI-PRICING-PERCENTAGE-MIN-MAX', { path: `${path}/min` });
      }
      return {
        ...base,
        model: 'percentage',
        rate,
        rateText: sku.rate,
        fixedFee: sku.fixedFee === undefined ? ZERO : money(sku.fixedFee, `${path}/fixedFee`),
        min,
        max,
      };
    }
  }
};

const compile = (input: unknown): CompiledPricing => {
  if (!structure.Check(input)) {
    const first = structure.Errors(input).First();
    throw new DomainError('TAI-REQ-VALIDATION', {
      path: first?.path === '' ? '/' : (first?.path ?? '/'),
      detail: first?.message ?? 'schema mismatch',
    });
  }
  const config = input;
  const minorUnit = minorUnitOf(config.currency);
  if (minorUnit === undefined) {
    throw new DomainError('TAI-PRICING-CURRENCY-UNKNOWN', { path: '/currency', detail: config.currency.slice(0, 8) });
  }
  parseDay(config.effectiveFrom, '/effectiveFrom');
  const money: Parse = (text, path) => parseDecimal(text, path, minorUnit);

  const skus = new Map<string, CompiledSku>();
  config.skus.forEach((sku, i) => {
    if (sku.sku === 'total') throw new DomainError('TAI-PRICING-SKU-RESERVED', { path: `/skus/${i}/sku` });
    if (skus.has(sku.sku)) throw new DomainError('TAI-PRICING-SKU-DUPLICATE', { path: `/skus/${i}/sku` });
    skus.set(sku.sku, compileSku(sku, i, money));
  });

  const skuDiscounts = new Map<string, CompiledDiscount>();
  let totalDiscount: CompiledDiscount | null = null;
  (config.discounts ?? []).forEach((discount, i) => {
    const path = `/discounts/${i}`;
    const target = discount.appliesTo;
    if (target !== 'total' && !skus.has(target)) {
      throw new DomainError('TAI-PRICING-DISCOUNT-UNKNOWN-SKU', { path: `${path}/appliesTo` });
    }
    if (skuDiscounts.has(target) || (target === 'total' && totalDiscount !== null)) {
      throw new DomainError('TAI-PRICING-DISCOUNT-DUPLICATE', { path: `${path}/appliesTo` });
    }
    let compiled: CompiledDiscount;
    if ('percent' in discount) {
      const value = parseDecimal(discount.percent, `${path}/percent`, FINE_SCALE);
      if (value.gt(HUNDRED)) throw new DomainError('TAI-PRICING-DISCOUNT-PERCENT-RANGE', { path: `${path}/percent` });
      compiled = { appliesTo: target, kind: 'percent', value, valueText: discount.percent };
    } else {
      const value = money(discount.amount, `${path}/amount`);
      compiled = { appliesTo: target, kind: 'amount', value, valueText: discount.amount };
    }
    if (target === 'total') totalDiscount = compiled;
    else skuDiscounts.set(target, compiled);
  });

  const minimumCommitment =
    config.minimumCommitment === undefined ? null : money(config.minimumCommitment, '/minimumCommitment');
  return { currency: config.currency, minorUnit, skus, skuDiscounts, totalDiscount, minimumCommitment };
};

// Versions are immutable, so a config object validated once stays valid: key the compiled form by it.
const compiledByConfig = new WeakMap<object, CompiledPricing>();

/**
 * Checks a PUT pricing body (or a stored document) and returns it typed. Throws DomainError:
 * TAI-REQ-VALIDATION for structure, a TAI-PRICING-* code for meaning; `path` is a JSON pointer.
 */
export const validatePricingConfig = (input: unknown): PricingConfig => {
  const compiled = compile(input);
  compiledByConfig.set(input as object, compiled);
  return input as PricingConfig;
};

/** The compiled form of a configuration: from the memo, or validated and compiled now. */
export const compiledPricingOf = (config: PricingConfig): CompiledPricing => {
  const hit = compiledByConfig.get(config);
  if (hit !== undefined) return hit;
  const compiled = compile(config);
  compiledByConfig.set(config, compiled);
  return compiled;
};
