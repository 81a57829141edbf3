/**
 * When things happen: staggered routine checks (a stable per-customer phase plus random jitter), retry
 * backoff, the renewal start and its backoff, and the record's next wake-up.
 */
import type { CertificateDocument } from '../insurance/certificate.ts';
import { expiresAt, startsAt } from './dates.ts';
import type { LifecyclePolicy } from './policy.ts';
import { stableHash, type RandomSource } from './random.ts';
import type { CertificateRecord } from './types.ts';
import { graceEndsAt } from './view.ts';
import { nextWarningAt } from './warnings.ts';

/** The customer's fixed place in the check cycle, derived from its id: spreads customers evenly and survives restarts. */
export const phaseOffset = (customerId: string, intervalMs: number): number =>
  Math.floor((stableHash(customerId) / 4294967296) * intervalMs);

/** The next routine check: the customer's next phase slot at least half an interval away, plus jitter. */
export const nextRoutineCheck = (
  customerId: string,
  nowMs: number,
  policy: LifecyclePolicy,
  random: RandomSource,
): number => {
  const interval = policy.checkIntervalMs;
  const phase = phaseOffset(customerId, interval);
  const earliest = nowMs + Math.floor(interval / 2);
  const slot = Math.ceil((earliest - phase) / interval) * interval + phase;
  return slot + Math.floor(random() * policy.checkJitterMs);
};

/** Exponential with "equal jitter": half the step fixed, half random, so failed customers do not retry in lockstep. */
const jittered = (stepMs: number, random: RandomSource): number => Math.floor(stepMs / 2 + random() * (stepMs / 2));

/** Delay before re-checking after `failures` consecutive transient failures. */
export const retryDelay = (failures: number, policy: LifecyclePolicy, random: RandomSource): number =>
  jittered(Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** Math.max(0, failures - 1)), random);

/** Delay before re-sending a failed renewal: exponential, capped by half the certificate's time left. */
export const renewalRetryDelay = (
  attempts: number,
  timeLeftMs: number,
  policy: LifecyclePolicy,
  random: RandomSource,
): number => {
  let step = Math.min(policy.renewalBackoffMaxMs, policy.renewalBackoffBaseMs * 2 ** Math.max(0, attempts - 1));
  if (timeLeftMs > 0) step = Math.min(step, Math.max(policy.renewalBackoffBaseMs, Math.floor(timeLeftMs / 2)));
  return jittered(step, random);
};

/** min(expiresAt - lead, effectiveFrom + 2/3 of the lifetime), not before now, plus a random point of the window. */
export const renewalDueAt = (
  cert: CertificateDocument,
  nowMs: number,
  policy: LifecyclePolicy,
  random: RandomSource,
): number => {
  const from = startsAt(cert);
  const to = expiresAt(cert);
  const start = Math.max(nowMs, Math.min(to - policy.renewalLeadMs, from + Math.floor(((to - from) * 2) / 3)));
  // Short-lived certificates get a proportionally short window, so the renewal still starts well before expiry.
  const window = Math.min(policy.renewalWindowMs, Math.max(0, Math.floor((to - start) / 4)));
  return start + Math.floor(random() * window);
};

/** The earliest instant something is due for this record: a check (even if already due), else the next timed step after now. */
export const computeWakeAt = (record: CertificateRecord, nowMs: number, policy: LifecyclePolicy): number | null => {
  let wake: number | null = record.nextCheckAt;
  const consider = (at: number | null): void => {
    if (at !== null && at > nowMs && (wake === null || at < wake)) wake = at;
  };
  const cert = record.certificate;
  if (cert !== null) {
    consider(startsAt(cert));
    consider(expiresAt(cert) - policy.expiringWindowMs);
    consider(expiresAt(cert));
    consider(graceEndsAt(record, nowMs, policy));
    consider(nextWarningAt(record, nowMs, policy));
  }
  const renewal = record.renewal;
  if (renewal !== null && !renewal.halted) {
    if (renewal.successor !== null) consider(startsAt(renewal.successor));
    else if (renewal.startedAt === null) consider(renewal.dueAt);
    else consider(renewal.nextAttemptAt);
  }
  return wake;
};
