/**
 * Finance's closed period: the last month (YYYY-MM) no entry may be booked in any more. It only moves
 * forward, over months that have ended and whose every day the daily close has covered: a close is
 * cumulative (it books everything due up to its day), so a month is covered once a close of its last
 * day, or of a later one, has completed for every customer.
 */
import { DomainError } from '../errors/domain-error.ts';
import { lastDayOf, monthOf } from './days.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

interface PeriodCloseInput {
  /** The month to close through, as asked. */
  readonly period: string;
  /** The closed period in force, if any. */
  readonly current: string | null;
  /** The latest day whose daily close completed for every customer, if any. */
  readonly lastClosedDay: string | null;
  /** Today (UTC, YYYY-MM-DD). */
  readonly today: string;
}

/** Whether the closed period moves (true) or is already there (false); refuses a move it may not make. */
export const checkPeriodClose = ({ period, current, lastClosedDay, today }: PeriodCloseInput): boolean => {
  if (!MONTH.test(period) || period.startsWith('0000')) {
    throw new DomainError('TAI-REVENUE-MONTH-INVALID', { path: '/period', detail: period.slice(0, 10) });
  }
  if (current !== null && period < current) {
    throw new DomainError('TAI-REVENUE-PERIOD-BACKWARDS', { path: '/period', detail: `${period} < ${current}` });
  }
  if (period === current) return false;
  if (period >= monthOf(today)) {
    throw new DomainError('TAI-REVENUE-PERIOD-NOT-ENDED', {
      path: '/period',
      detail: `${period} >= ${monthOf(today)}`,
    });
  }
  const last = lastDayOf(period);
  if (lastClosedDay === null || lastClosedDay < last) {
    throw new DomainError('TAI-REVENUE-PERIOD-DAYS-OPEN', {
      path: '/period',
      detail: `last completed close ${lastClosedDay ?? 'none'} < ${last}`,
    });
  }
  return true;
};
