import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors/domain-error.ts';
import { Dec, FINE_SCALE, formatExact, formatMoney, parseDecimal, roundToMinor } from './decimal.ts';

const codeOf = (text: string, scale = FINE_SCALE): string => {
  try {
    parseDecimal(text, '/x', scale);
    return 'ok';
  } catch (e) {
    return isDomainError(e) ? e.code : 'other';
  }
};

describe('parseDecimal', () => {
  it('accepts plain decimal strings', () => {
    expect(parseDecimal('0', '/x', 2).toFixed()).toBe('0');
    expect(parseDecimal('10.00', '/x', 2).toFixed()).toBe('10');
    expect(parseDecimal('0.000000000001', '/x', FINE_SCALE).toFixed()).toBe('0.000000000001');
    expect(parseDecimal('999999999999999.99', '/x', 2).toFixed()).toBe('999999999999999.99');
  });

  it('rejects what is not a decimal string', () => {
    for (const bad of ['', ' 1', '1 ', '+1', '1e3', '.5', '1.', '1,5', '0x10', 'NaN', 'Infinity', '1.2.3']) {
      expect(codeOf(bad), JSON.stringify(bad)).toBe('TAI-PRICING-DECIMAL-INVALID');
    }
  });

  it('rejects negatives, including minus zero', () => {
    expect(codeOf('-1')).toBe('TAI-PRICING-NEGATIVE');
    expect(codeOf('-0.00')).toBe('TAI-PRICING-NEGATIVE');
  });

  it('bounds the scale by value, so trailing zeros do not count', () => {
    expect(codeOf('1.001', 2)).toBe('TAI-PRICING-DECIMAL-SCALE');
    expect(codeOf('1.000', 2)).toBe('ok');
    expect(codeOf('0.0000000000001')).toBe('TAI-PRICING-DECIMAL-SCALE');
    expect(codeOf('5', 0)).toBe('ok');
    expect(codeOf('5.5', 0)).toBe('TAI-PRICING-DECIMAL-SCALE');
  });

  it('bounds the integer part at 15 digits', () => {
    expect(codeOf('999999999999999')).toBe('ok');
    expect(codeOf('1000000000000000')).toBe('TAI-PRICING-DECIMAL-RANGE');
    expect(codeOf('0001')).toBe('ok');
  });

  it('names the path it was given', () => {
    try {
      parseDecimal('x', '/skus/3/unitPrice', 2);
    } catch (e) {
      expect(isDomainError(e) && e.path).toBe('/skus/3/unitPrice');
    }
  });
});

describe('rounding and formatting', () => {
  it('rounds half up to the minor unit', () => {
    expect(formatMoney(roundToMinor(new Dec('1.005'), 2), 2)).toBe('1.01');
    expect(formatMoney(roundToMinor(new Dec('1.004999'), 2), 2)).toBe('1.00');
    expect(formatMoney(roundToMinor(new Dec('2.5'), 0), 0)).toBe('3');
    expect(formatMoney(roundToMinor(new Dec('0.0005'), 3), 3)).toBe('0.001');
    expect(formatMoney(roundToMinor(new Dec('0.00005'), 4), 4)).toBe('0.0001');
  });

  it('keeps exact values exact and never uses exponents', () => {
    expect(formatExact(new Dec('18.8184'), 2)).toBe('18.8184');
    expect(formatExact(new Dec('10'), 2)).toBe('10.00');
    expect(formatExact(new Dec('1e-20'), 2)).toBe('0.00000000000000000001');
    expect(formatMoney(new Dec('123456789012345678901234567890'), 2)).toBe('123456789012345678901234567890.00');
  });

  it('multiplies exactly at the largest inputs the validator accepts', () => {
    const q = new Dec('999999999999999.999999999999');
    const p = new Dec('999999999999999.999999999999');
    const product = q.times(p);
    // (10^15 - 10^-12)^2 = 10^30 - 2*10^3 + 10^-24, computed without rounding.
    expect(product.toFixed()).toBe('999999999999999999999999998000.000000000000000000000001');
  });
});
