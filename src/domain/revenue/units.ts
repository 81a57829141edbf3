/**
 * Exact fixed-point amounts as bigint counts of 10^-scale, for the paths that run over a whole
 * ledger (usage, the close's comparison, reports): the same values decimal.js would give, without
 * its cost per operation. Rounding is half-up on the magnitude, as decimal.js's ROUND_HALF_UP.
 */
import type { Dec } from '../pricing/decimal.ts';

const SIGNED = /^-?\d+(\.\d+)?$/;

const parse = (text: string, scale: number): bigint => {
  if (!SIGNED.test(text)) throw new RangeError(`not a decimal: ${text.slice(0, 40)}`);
  const dot = text.indexOf('.');
  if (dot < 0) return BigInt(text) * 10n ** BigInt(scale);
  const frac = text.slice(dot + 1);
  if (frac.length > scale && /[^0]/.test(frac.slice(scale))) {
    throw new RangeError(`more than ${scale} decimals: ${text.slice(0, 40)}`);
  }
  return BigInt(text.slice(0, dot) + frac.padEnd(scale, '0').slice(0, scale));
};

// A ledger repeats a few amounts (unit prices, monthly fees) many times: parse each text once per scale.
const parsed = new Map<string, bigint>();
const PARSED_KEPT = 10_000;

/** A decimal string with at most `scale` decimals as a count of 10^-scale; throws RangeError otherwise. */
export const toUnits = (text: string, scale: number): bigint => {
  const key = `${scale}:${text}`;
  let units = parsed.get(key);
  if (units === undefined) {
    units = parse(text, scale);
    if (parsed.size >= PARSED_KEPT) parsed.clear();
    parsed.set(key, units);
  }
  return units;
};

export const unitsText = (units: bigint, scale: number): string => {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
};

/** `units` at `fromScale` rounded half-up to `toScale` (toScale <= fromScale). */
export const roundUnits = (units: bigint, fromScale: number, toScale: number): bigint => {
  const divisor = 10n ** BigInt(fromScale - toScale);
  const magnitude = units < 0n ? -units : units;
  const rounded = (magnitude + divisor / 2n) / divisor;
  return units < 0n ? -rounded : rounded;
};

/** A Dec already on the grid of `scale` decimals, as units. */
export const decUnits = (value: Dec, scale: number): bigint => toUnits(value.toFixed(scale), scale);
