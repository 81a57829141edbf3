import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { DAY, configWith, expectDomainError, quoteOf, versionOf } from '../../../test/fixtures/pricing/helpers.ts';
import { issueExampleConfig, typicalRequest } from '../../../test/fixtures/pricing/issue-example.ts';
import { quote } from './quote.ts';
import { QuoteSchema, type QuoteRequest } from './schema.ts';

const example = versionOf(structuredClone(issueExampleConfig));

describe('quote: the example from the issue', () => {
  const q = quote(example, typicalRequest, { atDay: DAY });

  it('prices every model, discounts, and totals', () => {
    expect(q.lines.map((l) => [l.sku, l.amount])).toEqual([
      ['platform', '99.00'],
      ['seat', '120.00'],
      ['api', '22.00'],
      ['storage', '65.00'],
      ['sms', '15.00'],
      ['gmv', '18.82'],
      ['gmv-tiered', '520.00'],
    ]);
    expect(q.subtotal).toBe('859.82');
    expect(q.discounts).toEqual([
      { appliesTo: 'seat', kind: 'percent', value: '10', amount: '12.00' },
      { appliesTo: 'total', kind: 'amount', value: '25.00', amount: '25.00' },
    ]);
    expect(q.commitmentTrueUp).toBe('0.00');
    expect(q.total).toBe('822.82');
    expect(q).toMatchObject({ currency: 'USD', pricingVersion: 1, effectiveFrom: '2026-01-01', at: DAY });
  });

  it('matches the response schema', () => {
    expect([...Value.Errors(QuoteSchema, q)]).toEqual([]);
  });

  it('echoes quantity for quantity SKUs and baseAmount for amount SKUs', () => {
    expect(q.lines[1]).toMatchObject({ sku: 'seat', quantity: '12' });
    expect(q.lines[1]).not.toHaveProperty('baseAmount');
    expect(q.lines[5]).toMatchObject({ sku: 'gmv', baseAmount: '1234.56' });
    expect(q.lines[5]).not.toHaveProperty('quantity');
  });

  it('tops up to the minimum commitment', () => {
    const small = quote(example, { items: [{ sku: 'seat', quantity: '3' }] }, { atDay: DAY });
    // 30.00 - 3.00 (10% seat) - 25.00 (total) = 2.00; commitment 500.00
    expect(small.subtotal).toBe('30.00');
    expect(small.commitmentTrueUp).toBe('498.00');
    expect(small.total).toBe('500.00');
  });
});

describe('quote: discounts and commitment', () => {
  const seat = { sku: 'seat', model: 'per_unit', unitPrice: '9.99' } as const;
  const api = { sku: 'api', model: 'per_unit', unitPrice: '0.333' } as const;

  it('rounds percent discounts half up on the rounded line', () => {
    const config = configWith([seat], { discounts: [{ appliesTo: 'seat', percent: '12.5' }] });
    const q = quoteOf(config, [{ sku: 'seat', quantity: '1' }]); // 9.99 * 12.5% = 1.24875
    expect(q.discounts[0]?.amount).toBe('1.25');
    expect(q.total).toBe('8.74');
  });

  it('caps amount discounts at what is left and never goes below zero', () => {
    const config = configWith([seat, api], {
      discounts: [
        { appliesTo: 'seat', amount: '50.00' },
        { appliesTo: 'total', amount: '1000.00' },
      ],
    });
    const q = quoteOf(config, [
      { sku: 'seat', quantity: '2' },
      { sku: 'api', quantity: '10' },
    ]);
    expect(q.subtotal).toBe('23.31'); // 19.98 + 3.33
    expect(q.discounts.map((d) => d.amount)).toEqual(['19.98', '3.33']);
    expect(q.total).toBe('0.00');
  });

  it('applies the total discount after SKU discounts, then the true-up', () => {
    const config = configWith([seat], {
      discounts: [
        { appliesTo: 'total', percent: '50' },
        { appliesTo: 'seat', amount: '0.99' },
      ],
      minimumCommitment: '40.00',
    });
    const q = quoteOf(config, [{ sku: 'seat', quantity: '10' }]); // 99.90 - 0.99 = 98.91; -49.46 (49.455 up)
    expect(q.discounts).toEqual([
      { appliesTo: 'seat', kind: 'amount', value: '0.99', amount: '0.99' },
      { appliesTo: 'total', kind: 'percent', value: '50', amount: '49.46' },
    ]);
    expect(q.commitmentTrueUp).toBe('0.00');
    expect(q.total).toBe('49.45');
  });

  it('skips a SKU discount whose SKU is not quoted', () => {
    const config = configWith([seat, api], { discounts: [{ appliesTo: 'api', percent: '10' }] });
    expect(quoteOf(config, [{ sku: 'seat', quantity: '1' }]).discounts).toEqual([]);
  });
});

describe('quote: currencies', () => {
  it('rounds to zero decimals in JPY', () => {
    const config = configWith([{ sku: 'call', model: 'per_unit', unitPrice: '0.5' }], { currency: 'JPY' });
    expect(quoteOf(config, [{ sku: 'call', quantity: '3' }]).total).toBe('2'); // 1.5 -> 2
    expect(quoteOf(config, [{ sku: 'call', quantity: '5' }]).total).toBe('3'); // 2.5 -> 3
  });

  it('rounds to three decimals in KWD and BHD', () => {
    for (const currency of ['KWD', 'BHD']) {
      const config = configWith([{ sku: 'call', model: 'per_unit', unitPrice: '0.0125' }], { currency });
      const q = quoteOf(config, [{ sku: 'call', quantity: '3' }]); // 0.0375
      expect(q.lines[0]?.amount).toBe('0.038');
      expect(q.lines[0]?.breakdown[0]?.amount).toBe('0.0375');
      expect(q.total).toBe('0.038');
    }
  });

  it('rounds to four decimals in CLF', () => {
    const config = configWith([{ sku: 'u', model: 'per_unit', unitPrice: '0.00001' }], { currency: 'CLF' });
    expect(quoteOf(config, [{ sku: 'u', quantity: '15' }]).total).toBe('0.0002'); // 0.00015
  });
});

describe('quote: request errors', () => {
  const at = { atDay: DAY };
  const cases: [string, QuoteRequest, Parameters<typeof expectDomainError>[1], string][] = [
    [
      'unknown SKU',
      {
        items: [
          { sku: 'seat', quantity: '1' },
          { sku: 'nope', quantity: '1' },
        ],
      },
      'TAI-PRICING-ITEM-UNKNOWN-SKU',
      '/items/1/sku',
    ],
    ['negative quantity', { items: [{ sku: 'seat', quantity: '-1' }] }, 'TAI-PRICING-NEGATIVE', '/items/0/quantity'],
    ['bad quantity', { items: [{ sku: 'seat', quantity: '1e2' }] }, 'TAI-PRICING-DECIMAL-INVALID', '/items/0/quantity'],
    [
      'too fine a quantity',
      { items: [{ sku: 'seat', quantity: '0.0000000000001' }] },
      'TAI-PRICING-DECIMAL-SCALE',
      '/items/0/quantity',
    ],
    [
      'quantity for a percentage SKU',
      { items: [{ sku: 'gmv', quantity: '1' }] },
      'TAI-PRICING-ITEM-NEEDS-AMOUNT',
      '/items/0/quantity',
    ],
    [
      'amount for a quantity SKU',
      { items: [{ sku: 'api', amount: '1' }] },
      'TAI-PRICING-ITEM-NEEDS-QUANTITY',
      '/items/0/amount',
    ],
    ['negative amount', { items: [{ sku: 'gmv-tiered', amount: '-5' }] }, 'TAI-PRICING-NEGATIVE', '/items/0/amount'],
    [
      'duplicate SKU',
      {
        items: [
          { sku: 'api', quantity: '1' },
          { sku: 'seat', quantity: '1' },
          { sku: 'api', quantity: '2' },
        ],
      },
      'TAI-PRICING-ITEM-DUPLICATE',
      '/items/2/sku',
    ],
  ];
  for (const [name, request, code, path] of cases) {
    it(`rejects ${name} with ${code} at ${path}`, () => {
      expectDomainError(() => quote(example, request, at), code, path);
    });
  }

  it('rejects a quote date before the version takes effect, or not a date', () => {
    expectDomainError(() => quote(example, typicalRequest, { atDay: '2025-12-31' }), 'TAI-PRICING-NOT-IN-FORCE', '/at');
    expectDomainError(() => quote(example, typicalRequest, { atDay: '2026-13-01' }), 'TAI-PRICING-DATE-INVALID', '/at');
  });

  it('validates a stored configuration that never went through validatePricingConfig', () => {
    const stored = { ...structuredClone(issueExampleConfig), currency: 'ZZZ' };
    expectDomainError(
      () => quote({ version: 2, effectiveFrom: '2026-01-01', config: stored }, typicalRequest, at),
      'TAI-PRICING-CURRENCY-UNKNOWN',
      '/currency',
    );
  });
});
