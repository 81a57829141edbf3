/**
 * What the scrape-time gauges report about every tracked certificate, computed from the lifecycle records
 * at `nowMs` (never from a stored state): counts per state and mode, the least days to expiry of a live
 * certificate, how many expire within 1, 7 and 30 days, and how many customers their certificate keeps
 * read-only. Pure: the caller passes the records, each customer's effective mode and the time.
 */
import type { CertificateRecord, CertificateState } from '../certificate/types.ts';
import { expiresAt, liveAt } from '../certificate/dates.ts';
import type { LifecyclePolicy } from '../certificate/policy.ts';
import { currentState, degradedReadOnly, effectiveCertificate } from '../certificate/view.ts';
import type { Mode } from '../customer/types.ts';

export const EXPIRY_WINDOWS = [
  { label: '1d', days: 1 },
  { label: '7d', days: 7 },
  { label: '30d', days: 30 },
] as const;

const DAY_MS = 86_400_000;

export interface FleetSummary {
  /** Count by `${state}|${mode}`; only pairs that occur. */
  readonly certificates: ReadonlyMap<string, { readonly state: CertificateState; readonly mode: Mode; count: number }>;
  /** null when no certificate is live. */
  readonly minDaysToExpiry: number | null;
  readonly expiringWithin: Readonly<Record<(typeof EXPIRY_WINDOWS)[number]['label'], number>>;
  readonly customersReadOnly: number;
}

export const fleetSummary = (
  records: Iterable<CertificateRecord>,
  modeOf: (customerId: string) => Mode | undefined,
  nowMs: number,
  policy: LifecyclePolicy,
): FleetSummary => {
  const certificates = new Map<string, { state: CertificateState; mode: Mode; count: number }>();
  const within = { '1d': 0, '7d': 0, '30d': 0 };
  let minMs: number | null = null;
  let readOnly = 0;
  for (const record of records) {
    const mode = modeOf(record.customerId);
    // A record whose customer is not listed (created after the listing was read) waits for the next scrape.
    if (mode === undefined) continue;
    const state = currentState(record, nowMs, policy);
    const key = `${state}|${mode}`;
    const entry = certificates.get(key);
    if (entry === undefined) certificates.set(key, { state, mode, count: 1 });
    else entry.count++;
    if (degradedReadOnly(record, nowMs, policy)) readOnly++;
    const cert = effectiveCertificate(record, nowMs);
    if (cert === null || !liveAt(cert, nowMs)) continue;
    const left = expiresAt(cert) - nowMs;
    if (minMs === null || left < minMs) minMs = left;
    for (const w of EXPIRY_WINDOWS) if (left <= w.days * DAY_MS) within[w.label]++;
  }
  return {
    certificates,
    minDaysToExpiry: minMs === null ? null : minMs / DAY_MS,
    expiringWithin: within,
    customersReadOnly: readOnly,
  };
};
