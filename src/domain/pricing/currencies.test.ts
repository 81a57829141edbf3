import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, minorUnitOf } from './currencies.ts';

describe('ISO 4217 minor units', () => {
  it('knows the exponents that differ from 2', () => {
    expect(minorUnitOf('USD')).toBe(2);
    expect(minorUnitOf('EUR')).toBe(2);
    expect(minorUnitOf('JPY')).toBe(0);
    expect(minorUnitOf('KRW')).toBe(0);
    expect(minorUnitOf('CLP')).toBe(0);
    expect(minorUnitOf('KWD')).toBe(3);
    expect(minorUnitOf('BHD')).toBe(3);
    expect(minorUnitOf('TND')).toBe(3);
    expect(minorUnitOf('CLF')).toBe(4);
    expect(minorUnitOf('UYW')).toBe(4);
  });

  it('has every active code with a minor unit, and only those', () => {
    expect(CURRENCY_CODES).toHaveLength(165);
    for (const code of CURRENCY_CODES) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(minorUnitOf(code));
    }
    const threes = CURRENCY_CODES.filter((c) => minorUnitOf(c) === 3);
    expect(threes).toEqual(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);
  });

  it('rejects lower case, withdrawn codes and codes without a minor unit', () => {
    for (const code of ['usd', 'HRK', 'SLL', 'ZWL', 'ANG', 'XAU', 'XDR', 'XTS', 'XXX', 'toString', '__proto__']) {
      expect(minorUnitOf(code), code).toBeUndefined();
    }
  });
});
