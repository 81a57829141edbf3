/**
 * Retry inside an overall deadline: transient errors only, backoff 1 s, 2 s, 4 s (capped, jittered), a
 * provider's Retry-After honoured when within `maxRetryAfterMs` and the deadline, otherwise the retries end.
 */
import type { Clock } from '../../../domain/shared/clock.ts';
import { backoffDelayMs, type InsurerPolicy } from '../../../domain/insurance/policy.ts';
import type { InsurerError, InsurerErrorCode } from '../../../domain/insurance/verification.ts';
import type { Result } from '../../../domain/shared/result.ts';

/** Transient, but repeating inside this call cannot help: the breaker or our own limiter said no. */
const NOT_RETRIED: ReadonlySet<InsurerErrorCode> = new Set<InsurerErrorCode>([
  'circuit_open',
  'rate_limited_locally',
  'deadline_exceeded',
]);

interface RetryDeps {
  readonly policy: InsurerPolicy;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly onRetry?: (info: { readonly retry: number; readonly delayMs: number; readonly error: InsurerError }) => void;
}

type RetryDecision =
  { readonly retry: true; readonly delayMs: number } | { readonly retry: false; readonly why: string };

/** Pure: whether retry number `retry` (0-based) should happen after `error`, and after how long. */
export const decideRetry = (
  error: InsurerError,
  retry: number,
  nowMs: number,
  deadlineAt: number,
  random: number,
  policy: InsurerPolicy,
): RetryDecision => {
  if (error.kind !== 'transient' || NOT_RETRIED.has(error.code)) return { retry: false, why: 'not retryable' };
  if (retry >= policy.maxRetries) return { retry: false, why: 'retries spent' };
  const delayMs = error.retryAfterMs ?? backoffDelayMs(retry, random, policy);
  if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxRetryAfterMs) {
    return { retry: false, why: 'Retry-After beyond the clamp' };
  }
  if (nowMs + delayMs >= deadlineAt) return { retry: false, why: 'deadline' };
  return { retry: true, delayMs };
};

export const withRetry = async <T>(
  attempt: (attemptNo: number) => Promise<Result<T, InsurerError>>,
  deadlineAt: number,
  deps: RetryDeps,
): Promise<Result<T, InsurerError>> => {
  for (let retry = 0; ; retry++) {
    const r = await attempt(retry + 1);
    if (r.ok) return r;
    const decision = decideRetry(r.error, retry, deps.clock.now(), deadlineAt, deps.random(), deps.policy);
    if (!decision.retry) {
      const detail =
        retry > 0 ? `${r.error.detail} (gave up after ${retry + 1} attempts: ${decision.why})` : r.error.detail;
      return { ok: false, error: { ...r.error, detail, attempts: retry + 1 } };
    }
    deps.onRetry?.({ retry: retry + 1, delayMs: decision.delayMs, error: r.error });
    await deps.sleep(decision.delayMs);
  }
};
