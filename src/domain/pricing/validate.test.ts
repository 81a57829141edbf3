import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../errors/catalog/index.ts';
import { expectDomainError } from '../../../test/fixtures/pricing/helpers.ts';
import { issueExampleConfig } from '../../../test/fixtures/pricing/issue-example.ts';
import { validatePricingConfig } from './validate.ts';

/** A deep copy of the issue's example, as untyped JSON so each case can break it freely. */
const example = (): Record<string, any> => structuredClone(issueExampleConfig) as Record<string, any>;
const tiersOf = (config: Record<string, any>, sku: number): any[] => config['skus'][sku].tiers;

interface Case {
  readonly name: string;
  readonly mutate: (c: Record<string, any>) => void;
  readonly code: ErrorCode;
  readonly path: string;
}

const cases: Case[] = [
  // structure (the schema), reported with the foundation's validation code
  { name: 'unknown top-level field', mutate: (c) => (c['extra'] = 1), code: 'TAI-REQ-VALIDATION', path: '/extra' },
  {
    name: 'unknown model',
    mutate: (c) => (c['skus'][0].model = 'tiered'),
    code: 'TAI-REQ-VALIDATION',
    path: '/skus/0',
  },
  {
    name: 'price as a number',
    mutate: (c) => (c['skus'][1].unitPrice = 10),
    code: 'TAI-REQ-VALIDATION',
    path: '/skus/1',
  },
  {
    name: 'field of another model',
    mutate: (c) => (c['skus'][1].amount = '1'),
    code: 'TAI-REQ-VALIDATION',
    path: '/skus/1',
  },
  { name: 'no skus', mutate: (c) => (c['skus'] = []), code: 'TAI-REQ-VALIDATION', path: '/skus' },
  {
    name: 'bad date shape',
    mutate: (c) => (c['effectiveFrom'] = '1/1/2026'),
    code: 'TAI-REQ-VALIDATION',
    path: '/effectiveFrom',
  },
  // meaning
  {
    name: 'unknown currency',
    mutate: (c) => (c['currency'] = 'XYZ'),
    code: 'TAI-PRICING-CURRENCY-UNKNOWN',
    path: '/currency',
  },
  {
    name: 'lower-case currency',
    mutate: (c) => (c['currency'] = 'usd'),
    code: 'TAI-PRICING-CURRENCY-UNKNOWN',
    path: '/currency',
  },
  {
    name: 'impossible date',
    mutate: (c) => (c['effectiveFrom'] = '2026-02-29'),
    code: 'TAI-PRICING-DATE-INVALID',
    path: '/effectiveFrom',
  },
  {
    name: 'duplicate SKU',
    mutate: (c) => (c['skus'][3].sku = 'seat'),
    code: 'TAI-PRICING-SKU-DUPLICATE',
    path: '/skus/3/sku',
  },
  {
    name: 'SKU named total',
    mutate: (c) => (c['skus'][0].sku = 'total'),
    code: 'TAI-PRICING-SKU-RESERVED',
    path: '/skus/0/sku',
  },
  {
    name: 'non-decimal price',
    mutate: (c) => (c['skus'][1].unitPrice = '1e1'),
    code: 'TAI-PRICING-DECIMAL-INVALID',
    path: '/skus/1/unitPrice',
  },
  {
    name: 'negative price',
    mutate: (c) => (c['skus'][1].unitPrice = '-10'),
    code: 'TAI-PRICING-NEGATIVE',
    path: '/skus/1/unitPrice',
  },
  {
    name: 'negative flat fee in a tier',
    mutate: (c) => (tiersOf(c, 3)[1]['flatFee'] = '-5'),
    code: 'TAI-PRICING-NEGATIVE',
    path: '/skus/3/tiers/1/flatFee',
  },
  {
    name: 'unit price finer than 12 places',
    mutate: (c) => (c['skus'][1].unitPrice = '0.0000000000001'),
    code: 'TAI-PRICING-DECIMAL-SCALE',
    path: '/skus/1/unitPrice',
  },
  {
    name: 'flat amount finer than the currency',
    mutate: (c) => (c['skus'][0].amount = '99.001'),
    code: 'TAI-PRICING-DECIMAL-SCALE',
    path: '/skus/0/amount',
  },
  {
    name: 'yen amount with decimals ("99.00" is fine: trailing zeros do not count)',
    mutate: (c) => {
      c['currency'] = 'JPY';
      c['skus'][0].amount = '99.5';
    },
    code: 'TAI-PRICING-DECIMAL-SCALE',
    path: '/skus/0/amount',
  },
  {
    name: 'too many integer digits',
    mutate: (c) => (c['minimumCommitment'] = '1000000000000000'),
    code: 'TAI-PRICING-DECIMAL-RANGE',
    path: '/minimumCommitment',
  },
  {
    name: 'tier bounds going backwards (overlap)',
    mutate: (c) => tiersOf(c, 2).splice(1, 0, { upTo: '500', unitPrice: '0.009' }),
    code: 'TAI-PRICING-TIER-OVERLAP',
    path: '/skus/2/tiers/1/upTo',
  },
  {
    name: 'repeated tier bound (empty tier)',
    mutate: (c) => tiersOf(c, 2).splice(1, 0, { upTo: '1000', unitPrice: '0.009' }),
    code: 'TAI-PRICING-TIER-OVERLAP',
    path: '/skus/2/tiers/1/upTo',
  },
  {
    name: 'first tier up to zero',
    mutate: (c) => (tiersOf(c, 2)[0]['upTo'] = '0'),
    code: 'TAI-PRICING-TIER-OVERLAP',
    path: '/skus/2/tiers/0/upTo',
  },
  {
    name: 'last tier not open',
    mutate: (c) => (tiersOf(c, 3)[1]['upTo'] = '1000'),
    code: 'TAI-PRICING-TIER-LAST-NOT-OPEN',
    path: '/skus/3/tiers/1/upTo',
  },
  {
    name: 'open tier before the last',
    mutate: (c) => (tiersOf(c, 6)[0]['upTo'] = null),
    code: 'TAI-PRICING-TIER-OPEN-NOT-LAST',
    path: '/skus/6/tiers/0/upTo',
  },
  {
    name: 'single closed tier',
    mutate: (c) => (c['skus'][2].tiers = [{ upTo: '10', unitPrice: '1' }]),
    code: 'TAI-PRICING-TIER-LAST-NOT-OPEN',
    path: '/skus/2/tiers/0/upTo',
  },
  {
    name: 'package size zero',
    mutate: (c) => (c['skus'][4].packageSize = '0.000'),
    code: 'TAI-PRICING-PACKAGE-SIZE-ZERO',
    path: '/skus/4/packageSize',
  },
  {
    name: 'rate above 1',
    mutate: (c) => (c['skus'][5].rate = '1.5'),
    code: 'TAI-PRICING-RATE-RANGE',
    path: '/skus/5/rate',
  },
  {
    name: 'tier rate above 1',
    mutate: (c) => (tiersOf(c, 6)[1]['rate'] = '2'),
    code: 'TAI-PRICING-RATE-RANGE',
    path: '/skus/6/tiers/1/rate',
  },
  {
    name: 'percentage min above max',
    mutate: (c) => (c['skus'][5].min = '100.01'),
    code: 'TAI-PRICING-PERCENTAGE-MIN-MAX',
    path: '/skus/5/min',
  },
  {
    name: 'discount on an unknown SKU',
    mutate: (c) => (c['discounts'][0].appliesTo = 'seats'),
    code: 'TAI-PRICING-DISCOUNT-UNKNOWN-SKU',
    path: '/discounts/0/appliesTo',
  },
  {
    name: 'two discounts on the total',
    mutate: (c) => c['discounts'].push({ appliesTo: 'total', percent: '5' }),
    code: 'TAI-PRICING-DISCOUNT-DUPLICATE',
    path: '/discounts/2/appliesTo',
  },
  {
    name: 'percent over 100',
    mutate: (c) => (c['discounts'][0].percent = '100.5'),
    code: 'TAI-PRICING-DISCOUNT-PERCENT-RANGE',
    path: '/discounts/0/percent',
  },
  {
    name: 'negative minimum commitment',
    mutate: (c) => (c['minimumCommitment'] = '-500.00'),
    code: 'TAI-PRICING-NEGATIVE',
    path: '/minimumCommitment',
  },
  {
    name: 'per-SKU minimum finer than the currency',
    mutate: (c) => (c['skus'][1].minimum = '1.234'),
    code: 'TAI-PRICING-DECIMAL-SCALE',
    path: '/skus/1/minimum',
  },
];

describe('validatePricingConfig', () => {
  it('accepts the example from the issue and returns it as is', () => {
    const input = example();
    expect(validatePricingConfig(input)).toBe(input);
  });

  it('accepts edge values: zero prices, 100% discount, 12-place prices, rate 1, KWD and CLF amounts', () => {
    const c = example();
    c['skus'][1].unitPrice = '0';
    c['skus'][2].tiers[1].unitPrice = '0.000000000001';
    c['skus'][5].rate = '1';
    c['discounts'][0].percent = '100';
    expect(() => validatePricingConfig(c)).not.toThrow();
    expect(() =>
      validatePricingConfig({
        currency: 'KWD',
        effectiveFrom: '2028-02-29',
        skus: [{ sku: 'a', model: 'flat', amount: '1.234' }],
      }),
    ).not.toThrow();
    expect(() =>
      validatePricingConfig({
        currency: 'CLF',
        effectiveFrom: '2026-01-01',
        skus: [{ sku: 'a', model: 'flat', amount: '0.1234' }],
      }),
    ).not.toThrow();
  });

  it('rejects a non-object', () => {
    expectDomainError(() => validatePricingConfig(null), 'TAI-REQ-VALIDATION', '/');
    expectDomainError(() => validatePricingConfig('{}'), 'TAI-REQ-VALIDATION', '/');
  });

  for (const c of cases) {
    it(`rejects ${c.name} with ${c.code} at ${c.path}`, () => {
      const config = example();
      c.mutate(config);
      expectDomainError(() => validatePricingConfig(config), c.code, c.path);
    });
  }
});
