/** The day range of a report: UTC days [from, to), `to` excluded, at most 366 days; defaults to the last 30. */
import { DomainError } from '../errors/domain-error.ts';

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;
const DEFAULT_DAYS = 30;

const dayMs = (s: string, field: 'from' | 'to'): number => {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== s) {
    throw new DomainError('TAI-USAGE-RANGE-INVALID', {
      path: `/${field}`,
      detail: `${field} is not a calendar day`,
      message: `${field} must be a calendar day written YYYY-MM-DD.`,
    });
  }
  return ms;
};

const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export interface DayRange {
  readonly from: string;
  readonly to: string;
}

export const parseDayRange = (from: string | undefined, to: string | undefined, nowMs: number): DayRange => {
  const toMs = to === undefined ? Math.floor(nowMs / DAY_MS) * DAY_MS + DAY_MS : dayMs(to, 'to');
  const fromMs = from === undefined ? toMs - DEFAULT_DAYS * DAY_MS : dayMs(from, 'from');
  if (toMs <= fromMs) {
    throw new DomainError('TAI-USAGE-RANGE-INVALID', {
      path: '/to',
      detail: 'to is not after from',
      message: 'to must be after from (the day named by to is not included).',
    });
  }
  if (toMs - fromMs > MAX_DAYS * DAY_MS) {
    throw new DomainError('TAI-USAGE-RANGE-INVALID', {
      path: '/to',
      detail: 'range over 366 days',
      message: 'A report covers at most 366 days.',
    });
  }
  return { from: dayOf(fromMs), to: dayOf(toMs) };
};

/** Every day of the range, in order. */
export const daysOf = (r: DayRange): string[] => {
  const out: string[] = [];
  for (let ms = Date.parse(`${r.from}T00:00:00Z`); dayOf(ms) < r.to; ms += DAY_MS) out.push(dayOf(ms));
  return out;
};
