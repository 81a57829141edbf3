/** Exact decimal arithmetic for money: a private decimal.js clone, strict parsing, the one rounding rule. */
import { Decimal } from 'decimal.js';
import { DomainError } from '../errors/domain-error.ts';

/**
 * Inputs are bounded to 15 integer and 12 fractional digits, so no product or sum the engine forms
 * comes near 100 significant digits: at this precision every operation is exact and the only
 * rounding is the explicit one in `roundToMinor`.
 */
export const Dec = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -1000, toExpPos: 1000 });
export type Dec = Decimal;

export const ZERO = new Dec(0);
export const ONE = new Dec(1);
export const HUNDRED = new Dec(100);

const MAX_INTEGER_DIGITS = 15;
/** Unit prices, rates, tier bounds, package sizes, quantities and percents. */
export const FINE_SCALE = 12;

const DECIMAL = /^-?\d+(\.\d+)?$/;
const LIMIT = new Dec(10).pow(MAX_INTEGER_DIGITS);

/**
 * Parses a non-negative decimal string with at most `maxScale` decimal places (trailing zeros do not
 * count) and at most 15 integer digits, or throws the matching pricing error at `path`.
 */
export const parseDecimal = (text: string, path: string, maxScale: number): Dec => {
  if (!DECIMAL.test(text)) {
    throw new DomainError('TAI-PRICING-DECIMAL-INVALID', { path, detail: `got ${JSON.stringify(text.slice(0, 40))}` });
  }
  if (text.startsWith('-')) throw new DomainError('TAI-PRICING-NEGATIVE', { path, detail: `got ${text.slice(0, 40)}` });
  const value = new Dec(text);
  if (value.gte(LIMIT)) throw new DomainError('TAI-PRICING-DECIMAL-RANGE', { path });
  if (value.decimalPlaces() > maxScale) {
    throw new DomainError('TAI-PRICING-DECIMAL-SCALE', {
      path,
      message: `This value may have at most ${maxScale} decimal places.`,
      detail: `got ${text.slice(0, 40)}`,
    });
  }
  return value;
};

/** The rounding rule, applied once per line and once per percent discount: half-up to the minor unit. */
export const roundToMinor = (value: Dec, minorUnit: number): Dec =>
  value.toDecimalPlaces(minorUnit, Decimal.ROUND_HALF_UP);

/** A money value already on the minor-unit grid, written with exactly that many decimals. */
export const formatMoney = (value: Dec, minorUnit: number): string => value.toFixed(minorUnit);

/** An exact (unrounded) value: at least the minor unit's decimals, more when the value has them. */
export const formatExact = (value: Dec, minorUnit: number): string =>
  value.toFixed(Math.max(minorUnit, value.decimalPlaces()));

/** A quantity or rate with no forced decimals and no exponent: "2500", "0.015". */
export const formatPlain = (value: Dec): string => value.toFixed();
