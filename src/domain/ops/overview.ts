/**
 * The ops dashboard's overview of every customer's insurance, computed from their lifecycle views at one
 * instant: customers per certificate state, certificates expiring within 30, 7 and 1 days, customers read-only,
 * and grace periods running (the insurer could not confirm a certificate lately, but writes still go on).
 */
import type { LifecycleView } from '../certificate/view.ts';
import { CERTIFICATE_STATES, type CertificateState } from '../certificate/types.ts';

const DAY_MS = 86_400_000;
export const EXPIRY_WINDOWS = [30, 7, 1] as const;
export type ExpiryWindow = (typeof EXPIRY_WINDOWS)[number];

export interface InsuranceSummary {
  readonly customers: number;
  readonly byState: Readonly<Record<CertificateState, number>>;
  readonly readOnly: number;
  /** Live certificates whose expiry is within the window (each counts in every window it falls in). */
  readonly expiringWithin: Readonly<Record<ExpiryWindow, number>>;
  /** Writable on the fallback validity: checks failing, grace not yet over. */
  readonly gracePeriods: number;
}

/** Whole days left before `expiresAt` (negative once passed), rounded down. */
export const daysToExpiry = (expiresAt: string, nowMs: number): number =>
  Math.floor((Date.parse(expiresAt) - nowMs) / DAY_MS);

const LIVE: ReadonlySet<CertificateState> = new Set(['active', 'expiring', 'renewing']);

export const summarizeInsurance = (views: Iterable<LifecycleView>, nowMs: number): InsuranceSummary => {
  const byState = Object.fromEntries(CERTIFICATE_STATES.map((s) => [s, 0])) as Record<CertificateState, number>;
  const expiringWithin: Record<ExpiryWindow, number> = { 30: 0, 7: 0, 1: 0 };
  let customers = 0;
  let readOnly = 0;
  let gracePeriods = 0;
  for (const v of views) {
    customers++;
    byState[v.state]++;
    if (!v.writable.ok) readOnly++;
    if (v.certificate !== null && LIVE.has(v.state)) {
      const left = Date.parse(v.certificate.expiresAt) - nowMs;
      for (const days of EXPIRY_WINDOWS) if (left > 0 && left <= days * DAY_MS) expiringWithin[days]++;
    }
    if (v.writable.ok && v.consecutiveFailures > 0 && v.graceEndsAt !== null && v.graceEndsAt > nowMs) gracePeriods++;
  }
  return { customers, byState, readOnly, expiringWithin, gracePeriods };
};
