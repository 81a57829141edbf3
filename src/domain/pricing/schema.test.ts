import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { issueExampleConfig, typicalRequest } from '../../../test/fixtures/pricing/issue-example.ts';
import { PricingConfigSchema, QuoteRequestSchema } from './schema.ts';

const check = (schema: Parameters<typeof Value.Check>[0], value: unknown): boolean => Value.Check(schema, value);

describe('PricingConfigSchema', () => {
  it('accepts the example from the issue', () => {
    expect([...Value.Errors(PricingConfigSchema, issueExampleConfig)]).toEqual([]);
  });

  it('leaves values to the domain: negative or malformed decimals and unknown currencies pass the schema', () => {
    const c = structuredClone(issueExampleConfig) as Record<string, any>;
    c['currency'] = 'usd';
    c['skus'][1].unitPrice = '-1e3';
    c['minimumCommitment'] = 'lots';
    expect(check(PricingConfigSchema, c)).toBe(true);
  });

  it('is closed at every level and discriminates on model', () => {
    const base = (): Record<string, any> => structuredClone(issueExampleConfig) as Record<string, any>;
    const broken: ((c: Record<string, any>) => void)[] = [
      (c) => (c['note'] = 'x'),
      (c) => (c['skus'][0].note = 'x'),
      (c) => (c['skus'][2].tiers[0].note = 'x'),
      (c) => (c['discounts'][0].note = 'x'),
      (c) => (c['skus'][0].model = 'tiered'),
      (c) => (c['skus'][1].tiers = []),
      (c) => delete c['skus'][1].unitPrice,
      (c) => delete c['currency'],
      (c) => (c['skus'][2].tiers = []),
      (c) => (c['skus'][4].rounding = 'nearest'),
      (c) => (c['skus'][0].sku = ''),
      (c) => (c['skus'][0].sku = 'has space'),
      (c) => (c['discounts'][0] = { appliesTo: 'seat', percent: '10', amount: '1' }),
      (c) => (c['skus'][1].unitPrice = 10),
      (c) => (c['effectiveFrom'] = '2026-01-01T00:00:00Z'),
    ];
    broken.forEach((mutate, i) => {
      const c = base();
      mutate(c);
      expect(check(PricingConfigSchema, c), `case ${i}`).toBe(false);
    });
  });
});

describe('QuoteRequestSchema', () => {
  it('accepts quantity or amount items, an optional day and receipt flag', () => {
    expect(check(QuoteRequestSchema, typicalRequest)).toBe(true);
    expect(check(QuoteRequestSchema, { ...typicalRequest, at: '2026-05-01', receipt: true })).toBe(true);
  });

  it('rejects both or neither of quantity and amount, extra fields, empty items and bad days', () => {
    for (const bad of [
      { items: [{ sku: 'a', quantity: '1', amount: '1' }] },
      { items: [{ sku: 'a' }] },
      { items: [{ sku: 'a', quantity: 1 }] },
      { items: [] },
      { items: [{ sku: 'a', quantity: '1' }], extra: true },
      { items: [{ sku: 'a', quantity: '1' }], at: 'yesterday' },
    ]) {
      expect(check(QuoteRequestSchema, bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
