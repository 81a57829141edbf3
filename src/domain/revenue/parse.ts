/** Strict parsing of the strings revenue terms and previews are written in, each failure with its code and path. */
import { DomainError } from '../errors/domain-error.ts';
import { minorUnitOf } from '../pricing/currencies.ts';
import { Dec, FINE_SCALE } from '../pricing/decimal.ts';
import { isDay } from './days.ts';

const DECIMAL = /^\d{1,15}(\.\d+)?$/;

/** A non-negative decimal with at most `scale` decimals (trailing zeros do not count). */
export const parseAmount = (text: string, path: string, scale: number = FINE_SCALE): Dec => {
  const value = DECIMAL.test(text) ? new Dec(text) : undefined;
  if (value === undefined || value.decimalPlaces() > scale) {
    throw new DomainError('TAI-REVENUE-AMOUNT-INVALID', { path, detail: `got ${JSON.stringify(text.slice(0, 40))}` });
  }
  return value;
};

export const parseRevenueDay = (text: string, path: string): string => {
  if (!isDay(text)) {
    throw new DomainError('TAI-REVENUE-DATE-INVALID', { path, detail: `got ${JSON.stringify(text.slice(0, 20))}` });
  }
  return text;
};

export const minorUnitFor = (currency: string, path = '/currency'): number => {
  const minor = minorUnitOf(currency);
  if (minor === undefined)
    throw new DomainError('TAI-REVENUE-CURRENCY-UNKNOWN', { path, detail: currency.slice(0, 8) });
  return minor;
};
