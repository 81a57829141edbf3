/**
 * Default insurer-client policy: one place for every number the docs quote. Check cadence, grace in the
 * lifecycle and recovery live in the lifecycle's own policy (domain/certificate/policy.ts).
 */
export interface InsurerPolicy {
  /** Per HTTP exchange (connect, headers and body), real time. */
  readonly requestTimeoutMs: number;
  /** Whole call including retries and waits, measured on the injected clock. */
  readonly deadlineMs: number;
  readonly maxRetries: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** Delay = nominal * (1 + ratio * random), so 1 s becomes 1.0-1.2 s. */
  readonly backoffJitterRatio: number;
  /** A Retry-After above this ends the retries instead of waiting (the error carries it). */
  readonly maxRetryAfterMs: number;
  readonly breakerFailureThreshold: number;
  readonly breakerHalfOpenAfterMs: number;
  /** Our own ceiling, kept under the provider's 1000/min. */
  readonly rateLimitPerWindow: number;
  readonly rateLimitWindowMs: number;
  readonly rateLimitMaxQueue: number;
  readonly cacheTtlMs: number;
  /** Stale-if-error: a cached certificate may stand in for this long after its last live verification. */
  readonly staleGraceMs: number;
  readonly cacheMaxEntries: number;
  readonly jwksRefetchCooldownMs: number;
  readonly jwksMaxAgeMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const DEFAULT_INSURER_POLICY: InsurerPolicy = {
  requestTimeoutMs: 5_000,
  deadlineMs: 30_000,
  maxRetries: 3,
  backoffBaseMs: 1_000,
  backoffMaxMs: 8_000,
  backoffJitterRatio: 0.2,
  maxRetryAfterMs: 30_000,
  breakerFailureThreshold: 5,
  breakerHalfOpenAfterMs: 30_000,
  rateLimitPerWindow: 900,
  rateLimitWindowMs: MINUTE,
  rateLimitMaxQueue: 100,
  cacheTtlMs: 5 * MINUTE,
  staleGraceMs: 7 * DAY,
  cacheMaxEntries: 10_000,
  jwksRefetchCooldownMs: 30_000,
  jwksMaxAgeMs: HOUR,
};

/** Nominal backoff before retry number `retry` (0-based): 1 s, 2 s, 4 s, ... capped, then jittered and capped again. */
export const backoffDelayMs = (
  retry: number,
  random: number,
  policy: InsurerPolicy = DEFAULT_INSURER_POLICY,
): number => {
  const nominal = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** retry);
  return Math.min(policy.backoffMaxMs, Math.round(nominal * (1 + policy.backoffJitterRatio * random)));
};
