/**
 * What the scrape-time gauges report about every tracked certificate, computed from the lifecycle records
 * at `nowMs` (never from a stored state): counts per state and mode, the least days to expiry of a live
 * certificate, how many expire within 1, 7 and 30 days, and how many customers their certificate keeps
 * read-only. Pure: the caller passes the records, each customer's effective mode and the time. It runs
 * over every customer at every scrape, so it allocates nothing per record.
 */
import { CERTIFICATE_STATES, type CertificateRecord, type CertificateState } from '../certificate/types.ts';
import { expiresAt, liveAt } from '../certificate/dates.ts';
import type { LifecyclePolicy } from '../certificate/policy.ts';
import { currentState, degradedReadOnly, effectiveCertificate } from '../certificate/view.ts';
import type { Mode } from '../customer/types.ts';

export const EXPIRY_WINDOWS = ['1d', '7d', '30d'] as const;
type ExpiryWindow = (typeof EXPIRY_WINDOWS)[number];

const DAY_MS = 86_400_000;

interface FleetSummary {
  /** Count by state and mode, every pair present (0 included). */
  readonly certificates: Readonly<Record<CertificateState, Readonly<Record<Mode, number>>>>;
  /** null when no certificate is live. */
  readonly minDaysToExpiry: number | null;
  readonly expiringWithin: Readonly<Record<ExpiryWindow, number>>;
  readonly customersReadOnly: number;
}

const zeroByMode = (): Record<Mode, number> => ({ eval: 0, pilot: 0, prod: 0 });

export const fleetSummary = (
  records: Iterable<CertificateRecord>,
  modeOf: (customerId: string) => Mode | undefined,
  nowMs: number,
  policy: LifecyclePolicy,
): FleetSummary => {
  const certificates = Object.fromEntries(CERTIFICATE_STATES.map((s) => [s, zeroByMode()])) as Record<
    CertificateState,
    Record<Mode, number>
  >;
  let day = 0;
  let week = 0;
  let month = 0;
  let minMs = Number.POSITIVE_INFINITY;
  let readOnly = 0;
  for (const record of records) {
    const mode = modeOf(record.customerId);
    // A record whose customer is not listed (created after the listing was read) waits for the next scrape.
    if (mode === undefined) continue;
    certificates[currentState(record, nowMs, policy)][mode]++;
    if (degradedReadOnly(record, nowMs, policy)) readOnly++;
    const cert = effectiveCertificate(record, nowMs);
    if (cert === null || !liveAt(cert, nowMs)) continue;
    const left = expiresAt(cert) - nowMs;
    if (left < minMs) minMs = left;
    if (left <= 30 * DAY_MS) {
      month++;
      if (left <= 7 * DAY_MS) {
        week++;
        if (left <= DAY_MS) day++;
      }
    }
  }
  return {
    certificates,
    minDaysToExpiry: minMs === Number.POSITIVE_INFINITY ? null : minMs / DAY_MS,
    expiringWithin: { '1d': day, '7d': week, '30d': month },
    customersReadOnly: readOnly,
  };
};
