/** Effective dating: which immutable pricing version is in force on a calendar day. */
import { DomainError } from '../errors/domain-error.ts';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const daysInMonth = (year: number, month: number): number => {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
};

/** Accepts a real calendar day written YYYY-MM-DD (UTC); throws TAI-PRICING-DATE-INVALID at `path`. */
export const parseDay = (text: string, path: string): string => {
  const m = DAY.exec(text);
  const [year, month, day] = m === null ? [0, 0, 0] : [Number(m[1]), Number(m[2]), Number(m[3])];
  if (m === null || year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new DomainError('TAI-PRICING-DATE-INVALID', { path, detail: `got ${JSON.stringify(text.slice(0, 20))}` });
  }
  return text;
};

/**
 * The version in force on `atDay`: the one with the latest effectiveFrom on or before that day; when
 * two share that date, the higher version number (the later one stored) wins. Works on anything with
 * `version` and `effectiveFrom`, so store rows can be passed as they are.
 * Throws TAI-PRICING-NOT-FOUND when there are no versions, TAI-PRICING-NOT-IN-FORCE when all start later.
 */
export const versionInForce = <V extends { readonly version: number; readonly effectiveFrom: string }>(
  versions: readonly V[],
  atDay: string,
): V => {
  parseDay(atDay, '/at');
  if (versions.length === 0) throw new DomainError('TAI-PRICING-NOT-FOUND');
  let best: V | undefined;
  let earliest: string | undefined;
  for (const v of versions) {
    if (earliest === undefined || v.effectiveFrom < earliest) earliest = v.effectiveFrom;
    if (v.effectiveFrom > atDay) continue;
    if (
      best === undefined ||
      v.effectiveFrom > best.effectiveFrom ||
      (v.effectiveFrom === best.effectiveFrom && v.version > best.version)
    ) {
      best = v;
    }
  }
  if (best === undefined) {
    throw new DomainError('TAI-PRICING-NOT-IN-FORCE', {
      path: '/at',
      message: `No pricing version is in force on ${atDay}; the earliest takes effect on ${earliest ?? '?'}.`,
    });
  }
  return best;
};
