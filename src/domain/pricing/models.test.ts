import { describe, expect, it } from 'vitest';
import { configWith, lineAmount, quoteOf } from '../../../test/fixtures/pricing/helpers.ts';
import type { PricingConfig } from './schema.ts';

type Sku = PricingConfig['skus'][number];

const lineOf = (sku: Sku, item: { quantity: string } | { amount: string }, currency = 'USD') => {
  const line = quoteOf(configWith([sku], { currency }), [{ sku: sku.sku, ...item }]).lines[0];
  if (line === undefined) throw new Error('no line');
  return line;
};

const tiers = [
  { upTo: '1000', unitPrice: '0.01', flatFee: '2' },
  { upTo: '5000', unitPrice: '0.008', flatFee: '3' },
  { upTo: null, unitPrice: '0.005' },
];
const graduated: Sku = { sku: 'api', model: 'graduated', tiers };
const volume: Sku = { sku: 'storage', model: 'volume', tiers };

describe('flat', () => {
  const flat: Sku = { sku: 'platform', model: 'flat', amount: '99.00' };
  it('charges its amount whatever the quantity, including zero', () => {
    expect(lineAmount(flat, '1')).toBe('99.00');
    expect(lineAmount(flat, '7')).toBe('99.00');
    expect(lineAmount(flat, '0')).toBe('99.00');
    expect(lineOf(flat, { quantity: '3' }).breakdown).toEqual([
      { tier: 1, units: '3', unitPrice: '0', flatFee: '99.00', amount: '99.00' },
    ]);
  });
});

describe('per_unit', () => {
  const seat: Sku = { sku: 'seat', model: 'per_unit', unitPrice: '10.00' };
  it('multiplies, and rounds the line half up', () => {
    expect(lineAmount(seat, '12')).toBe('120.00');
    expect(lineAmount(seat, '0')).toBe('0.00');
    expect(lineAmount({ sku: 's', model: 'per_unit', unitPrice: '0.0125' }, '3')).toBe('0.04'); // 0.0375
    expect(lineAmount({ sku: 's', model: 'per_unit', unitPrice: '0.0125' }, '2')).toBe('0.03'); // 0.025 -> up
    expect(lineAmount({ sku: 's', model: 'per_unit', unitPrice: '0.0124' }, '2')).toBe('0.02'); // 0.0248
  });
  it('accepts decimal quantities (usage such as GB-hours)', () => {
    expect(lineAmount(seat, '1.5')).toBe('15.00');
    expect(lineOf(seat, { quantity: '001.50' }).quantity).toBe('1.5');
  });
});

describe('graduated', () => {
  it('prices each unit in the tier it falls in and charges a tier fee once the tier is reached', () => {
    expect(lineAmount(graduated, '0')).toBe('0.00');
    expect(lineAmount(graduated, '1')).toBe('2.01');
    expect(lineAmount(graduated, '1000')).toBe('12.00');
    expect(lineAmount(graduated, '1001')).toBe('15.01'); // 10 + 2 + 0.008 + 3
    expect(lineAmount(graduated, '6000')).toBe('52.00'); // 12 + (32 + 3) + 5
    expect(lineOf(graduated, { quantity: '6000' }).breakdown).toEqual([
      { tier: 1, units: '1000', unitPrice: '0.01', flatFee: '2.00', amount: '12.00' },
      { tier: 2, units: '4000', unitPrice: '0.008', flatFee: '3.00', amount: '35.00' },
      { tier: 3, units: '1000', unitPrice: '0.005', flatFee: '0.00', amount: '5.00' },
    ]);
  });
  it('splits decimal quantities at the inclusive bound', () => {
    expect(lineOf(graduated, { quantity: '1000.5' }).breakdown.map((b) => b.units)).toEqual(['1000', '0.5']);
  });
});

describe('volume', () => {
  it('prices every unit at the tier the total falls in, plus that tier fee; zero is free', () => {
    expect(lineAmount(volume, '0')).toBe('0.00');
    expect(lineAmount(volume, '1000')).toBe('12.00'); // upTo is inclusive
    expect(lineAmount(volume, '1001')).toBe('11.01'); // 1001 * 0.008 + 3
    expect(lineAmount(volume, '6000')).toBe('30.00');
    expect(lineOf(volume, { quantity: '6000' }).breakdown).toEqual([
      { tier: 3, units: '6000', unitPrice: '0.005', flatFee: '0.00', amount: '30.00' },
    ]);
  });
});

describe('package', () => {
  const sms = { sku: 'sms', model: 'package', packageSize: '100', packagePrice: '5.00', rounding: 'up' } as const;
  it('rounds the number of packages up by default', () => {
    expect(lineAmount(sms, '0')).toBe('0.00');
    expect(lineAmount(sms, '1')).toBe('5.00');
    expect(lineAmount(sms, '100')).toBe('5.00');
    expect(lineAmount(sms, '250')).toBe('15.00');
    const { rounding: _omit, ...noRounding } = sms;
    expect(lineAmount(noRounding, '101')).toBe('10.00');
  });
  it('or down', () => {
    const down = { ...sms, rounding: 'down' } as const;
    expect(lineAmount(down, '99')).toBe('0.00');
    expect(lineAmount(down, '250')).toBe('10.00');
    expect(lineOf(down, { quantity: '250' }).breakdown).toEqual([
      { tier: 1, units: '2', unitPrice: '5.00', flatFee: '0.00', amount: '10.00' },
    ]);
  });
  it('handles fractional package sizes exactly', () => {
    expect(lineAmount({ sku: 'p', model: 'package', packageSize: '0.1', packagePrice: '1' }, '0.3')).toBe('3.00');
  });
});

describe('percentage', () => {
  const gmv: Sku = { sku: 'gmv', model: 'percentage', rate: '0.015', fixedFee: '0.30', min: '0.50', max: '100' };
  it('charges amount * rate + fixed fee', () => {
    expect(lineAmount(gmv, '1234.56')).toBe('18.82'); // 18.8184
    expect(lineOf(gmv, { amount: '1234.56' }).breakdown).toEqual([
      { tier: 1, units: '1234.56', unitPrice: '0.015', flatFee: '0.30', amount: '18.8184' },
    ]);
  });
  it('clamps to [min, max] and says so', () => {
    expect(lineAmount(gmv, '10')).toBe('0.50'); // 0.45 -> min
    expect(lineOf(gmv, { amount: '10' }).adjustments).toEqual([{ reason: 'percentage_min', amount: '0.05' }]);
    expect(lineAmount(gmv, '10000')).toBe('100.00'); // 150.30 -> max
    expect(lineOf(gmv, { amount: '10000' }).adjustments).toEqual([{ reason: 'percentage_max', amount: '-50.30' }]);
  });
  it('charges nothing on a zero amount', () => {
    expect(lineAmount(gmv, '0')).toBe('0.00');
    expect(lineAmount({ sku: 'g', model: 'percentage', rate: '0.02' }, '0.49')).toBe('0.01'); // 0.0098
  });
});

describe('graduated_percentage', () => {
  const tiered: Sku = {
    sku: 'gmv-tiered',
    model: 'graduated_percentage',
    tiers: [
      { upTo: '1000', rate: '0.01', flatFee: '200' },
      { upTo: null, rate: '0.02', flatFee: '300' },
    ],
  };
  it('applies each rate to the part of the amount in its tier, with tier fees once reached', () => {
    expect(lineAmount(tiered, '0')).toBe('0.00');
    expect(lineAmount(tiered, '1000')).toBe('210.00');
    expect(lineAmount(tiered, '1000.01')).toBe('510.00'); // 210 + 0.0002 + 300
    expect(lineAmount(tiered, '1500')).toBe('520.00');
  });
});

describe('per-SKU minimum', () => {
  it('raises the line to the minimum before rounding, even at zero usage', () => {
    const sku: Sku = { sku: 'api', model: 'per_unit', unitPrice: '0.001', minimum: '5.00' };
    expect(lineAmount(sku, '0')).toBe('5.00');
    expect(lineAmount(sku, '4999')).toBe('5.00');
    expect(lineAmount(sku, '6000')).toBe('6.00');
    expect(lineOf(sku, { quantity: '1234' }).adjustments).toEqual([{ reason: 'sku_minimum', amount: '3.766' }]);
  });
});
