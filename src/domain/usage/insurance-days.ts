/**
 * Days insured and days read-only, from the lifecycle's own audit events for the customer: a customer is
 * uninsured until its first successful check of a live certificate, read-only from a `degraded` event to
 * the `recovered` that ends it, insured otherwise. A day counts as read-only when any part of it was, as
 * uninsured when any part was and none read-only, and as insured when all of it was; days that have not
 * begun yet count in none.
 */
import { daysOf, type DayRange } from './range.ts';

export type InsuranceMark = 'verified' | 'degraded' | 'recovered';
export interface InsuranceEvent {
  readonly atMs: number;
  readonly mark: InsuranceMark;
}

type Standing = 'uninsured' | 'insured' | 'read_only';

const next = (s: Standing, mark: InsuranceMark): Standing => {
  switch (mark) {
    case 'verified':
      return s === 'uninsured' ? 'insured' : s;
    case 'degraded':
      return 'read_only';
    case 'recovered':
      return 'insured';
  }
};

export interface InsuranceDays {
  readonly insured: number;
  readonly readOnly: number;
  readonly uninsured: number;
  /** The read-only days, for the report's reader. */
  readonly readOnlyDays: string[];
}

const DAY_MS = 86_400_000;

export const insuranceDays = (events: readonly InsuranceEvent[], range: DayRange, nowMs: number): InsuranceDays => {
  const sorted = [...events].sort((a, b) => a.atMs - b.atMs);
  let i = 0;
  let standing: Standing = 'uninsured';
  let insured = 0;
  let uninsured = 0;
  const readOnlyDays: string[] = [];
  /** Applies the events before `limit`; returns every standing held on the way. */
  const applyUntil = (limit: number): Set<Standing> => {
    const seen = new Set<Standing>([standing]);
    for (let e = sorted[i]; e !== undefined && e.atMs < limit; e = sorted[++i]) {
      standing = next(standing, e.mark);
      seen.add(standing);
    }
    return seen;
  };
  for (const day of daysOf(range)) {
    const start = Date.parse(`${day}T00:00:00Z`);
    if (start > nowMs) break;
    // An event at the very first millisecond of the day decides the whole day (times are whole ms).
    applyUntil(start + 1);
    const seen = applyUntil(start + DAY_MS);
    if (seen.has('read_only')) readOnlyDays.push(day);
    else if (seen.has('uninsured')) uninsured++;
    else insured++;
  }
  return { insured, readOnly: readOnlyDays.length, uninsured, readOnlyDays };
};
