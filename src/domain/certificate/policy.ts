/** The lifecycle's configuration: check cadence, grace, warnings, renewal and recovery. Durations in ms. */
import type { WarningThreshold } from './types.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type RecoveryPolicy = 'manual' | 'automatic';

export interface LifecyclePolicy {
  /** Routine check cadence (default 6 h). */
  readonly checkIntervalMs: number;
  /** Random delay added to each routine check, on top of the per-customer phase (default 20 min). */
  readonly checkJitterMs: number;
  /** First retry after a transient failure; doubles per consecutive failure up to retryMaxMs. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Check cadence while a recovery collects its good checks (default 15 min). */
  readonly recoveryCheckIntervalMs: number;
  /** Fallback validity from the last successful verification (default 7 days); never past expiry. */
  readonly graceMs: number;
  /** State `expiring` starts this long before expiry (default 30 days). */
  readonly expiringWindowMs: number;
  readonly warningOffsetsMs: Readonly<Record<WarningThreshold, number>>;
  /** Renewal starts at min(expiresAt - renewalLeadMs, effectiveFrom + 2/3 lifetime)... */
  readonly renewalLeadMs: number;
  /** ...plus a random delay inside this window (default 2 days). */
  readonly renewalWindowMs: number;
  /** An unanswered renewal request is re-sent after this (default 1 h). */
  readonly renewalAttemptTimeoutMs: number;
  readonly renewalBackoffBaseMs: number;
  readonly renewalBackoffMaxMs: number;
  /** Consecutive good checks before writes resume after a degradation (default 2). */
  readonly recoveryGoodChecks: number;
  /** manual: the good checks and an operator's verification; automatic: the good checks alone. */
  readonly recoveryPolicy: RecoveryPolicy;
}

export const WARNING_THRESHOLDS: readonly WarningThreshold[] = ['days_30', 'days_7', 'days_1', 'expired'];

export const defaultLifecyclePolicy: LifecyclePolicy = {
  checkIntervalMs: 6 * HOUR,
  checkJitterMs: 20 * MINUTE,
  retryBaseMs: 5 * MINUTE,
  retryMaxMs: HOUR,
  recoveryCheckIntervalMs: 15 * MINUTE,
  graceMs: 7 * DAY,
  expiringWindowMs: 30 * DAY,
  warningOffsetsMs: { days_30: 30 * DAY, days_7: 7 * DAY, days_1: DAY, expired: 0 },
  renewalLeadMs: 30 * DAY,
  renewalWindowMs: 2 * DAY,
  renewalAttemptTimeoutMs: HOUR,
  renewalBackoffBaseMs: 15 * MINUTE,
  renewalBackoffMaxMs: DAY,
  recoveryGoodChecks: 2,
  recoveryPolicy: 'manual',
};

type DurationKey = Exclude<keyof LifecyclePolicy, 'warningOffsetsMs' | 'recoveryGoodChecks' | 'recoveryPolicy'>;
const POSITIVE: readonly DurationKey[] = [
  'checkIntervalMs',
  'retryBaseMs',
  'retryMaxMs',
  'recoveryCheckIntervalMs',
  'graceMs',
  'renewalAttemptTimeoutMs',
  'renewalBackoffBaseMs',
  'renewalBackoffMaxMs',
];
const NON_NEGATIVE: readonly DurationKey[] = ['checkJitterMs', 'expiringWindowMs', 'renewalLeadMs', 'renewalWindowMs'];

/** Defaults overlaid with `overrides`, validated. A bad value is a configuration error naming the field. */
export const makeLifecyclePolicy = (overrides: Partial<LifecyclePolicy> = {}): LifecyclePolicy => {
  const policy: LifecyclePolicy = { ...defaultLifecyclePolicy, ...overrides };
  const bad = (field: string, why: string): never => {
    throw new RangeError(`lifecycle policy: ${field} ${why}`);
  };
  for (const key of POSITIVE)
    if (!Number.isSafeInteger(policy[key]) || policy[key] <= 0) bad(key, 'must be a positive integer (ms)');
  for (const key of NON_NEGATIVE)
    if (!Number.isSafeInteger(policy[key]) || policy[key] < 0) bad(key, 'must be a non-negative integer (ms)');
  if (policy.checkJitterMs >= policy.checkIntervalMs / 2) bad('checkJitterMs', 'must be under half of checkIntervalMs');
  if (policy.retryMaxMs < policy.retryBaseMs) bad('retryMaxMs', 'must be at least retryBaseMs');
  if (policy.renewalBackoffMaxMs < policy.renewalBackoffBaseMs)
    bad('renewalBackoffMaxMs', 'must be at least renewalBackoffBaseMs');
  if (!Number.isSafeInteger(policy.recoveryGoodChecks) || policy.recoveryGoodChecks < 1)
    bad('recoveryGoodChecks', 'must be an integer >= 1');
  if (policy.recoveryPolicy !== 'manual' && policy.recoveryPolicy !== 'automatic')
    bad('recoveryPolicy', "must be 'manual' or 'automatic'");
  for (const t of WARNING_THRESHOLDS) {
    const v = policy.warningOffsetsMs[t];
    if (!Number.isSafeInteger(v) || v < 0) bad(`warningOffsetsMs.${t}`, 'must be a non-negative integer (ms)');
  }
  return policy;
};
