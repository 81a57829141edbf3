/**
 * The call pipeline, outermost first: overall deadline -> retry -> circuit breaker -> rate limiter ->
 * per-request timeout -> HTTP. Each attempt is logged (no key, no personal data) and measured.
 */
import { insurerError } from '../../domain/insurance/insurer-error.ts';
import type { InsurerPolicy } from '../../domain/insurance/policy.ts';
import type { InsurerError } from '../../domain/insurance/verification.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import { err, type Result } from '../../domain/shared/result.ts';
import type { Logger } from '../logger/interface.ts';
import type { Metrics } from '../metrics/interface.ts';
import { traceIdsOf } from '../tracing/spans.ts';
import { INSURER_METRICS, type CallOptions } from './interface.ts';
import type { CircuitBreaker } from './policies/breaker.ts';
import type { SlidingWindowLimiter } from './policies/rate-limiter.ts';
import type { SharedBudget } from './policies/shared-budget.ts';
import { withRetry } from './policies/retry.ts';
import { errorFromExchange } from './responses.ts';
import type { HttpExchange, HttpRequest, Transport } from './transport.ts';

export interface CallDeps {
  readonly transport: Transport;
  readonly apiKey: string;
  readonly policy: InsurerPolicy;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly breaker: CircuitBreaker;
  readonly limiter: SlidingWindowLimiter;
  /** The budget every instance on one database shares (shared-budget.ts); absent on a single instance. */
  readonly sharedBudget?: SharedBudget;
}

interface Operation<T> {
  /** Metric and log label, e.g. get_certificate. */
  readonly name: string;
  /** The provider id the call is about (certificate or request id): not personal data. */
  readonly subject?: string;
  readonly request: HttpRequest;
  /** Whether the API key goes along (the JWKS is public and does not get it). */
  readonly authenticated: boolean;
  readonly interpret: (ex: HttpExchange) => Promise<Result<T, InsurerError>>;
}

const outcomeOf = (r: Result<unknown, InsurerError>): string => (r.ok ? 'ok' : r.error.code);

/** trace_id and span_id of the span a call runs under, for its log lines (none untraced). */
export const traceFields = (options: CallOptions): { trace_id?: string; span_id?: string } =>
  options.trace === undefined ? {} : traceIdsOf(options.trace);

/** One exchange under the limiter and the per-request timeout; no retry, no breaker. */
export const attemptOnce = async <T>(
  deps: CallDeps,
  op: Operation<T>,
  attempt: number,
  deadlineAt: number,
  options: CallOptions = {},
): Promise<Result<T, InsurerError>> => {
  const slot = await deps.limiter.acquire(deadlineAt);
  if (!slot.ok) return slot;
  if (deps.sharedBudget !== undefined) {
    const shared = await deps.sharedBudget.acquire(deadlineAt);
    if (!shared.ok) return shared;
  }
  const started = deps.clock.now();
  const remaining = deadlineAt - started;
  if (remaining <= 0)
    return err(insurerError('deadline_exceeded', 'overall deadline passed before the request was sent'));
  const headers: Record<string, string> = {
    accept: 'application/json',
    'user-agent': 'tai-autonomics-insurer-client/1',
    ...op.request.headers,
  };
  if (op.authenticated) headers['authorization'] = `Bearer ${deps.apiKey}`;
  const sent = await deps.transport.send({ ...op.request, headers }, Math.min(deps.policy.requestTimeoutMs, remaining));
  let r: Result<T, InsurerError>;
  if (!sent.ok) r = sent;
  else if (sent.value.status >= 200 && sent.value.status < 300) r = await op.interpret(sent.value);
  else r = err(errorFromExchange(sent.value, deps.clock.now()));
  const latencyMs = deps.clock.now() - started;
  const outcome = outcomeOf(r);
  const status = sent.ok ? sent.value.status : 0;
  const fields = {
    event: 'insurer_call',
    operation: op.name,
    subject: op.subject,
    attempt,
    status,
    outcome,
    latencyMs,
    ...traceFields(options),
  };
  if (r.ok) deps.logger.info(fields, 'insurer call');
  else deps.logger.warn({ ...fields, kind: r.error.kind, detail: r.error.detail }, 'insurer call failed');
  deps.metrics.inc(INSURER_METRICS.calls, { operation: op.name, outcome });
  deps.metrics.observe(INSURER_METRICS.callDuration, latencyMs / 1000, { operation: op.name, outcome });
  return r;
};

export const runOperation = async <T>(
  deps: CallDeps,
  op: Operation<T>,
  options: CallOptions = {},
): Promise<Result<T, InsurerError>> => {
  const deadlineAt = deps.clock.now() + (options.deadlineMs ?? deps.policy.deadlineMs);
  const r = await withRetry(
    (attempt) => deps.breaker.run(() => attemptOnce(deps, op, attempt, deadlineAt, options)),
    deadlineAt,
    {
      policy: deps.policy,
      clock: deps.clock,
      sleep: deps.sleep,
      random: deps.random,
      onRetry: ({ retry, delayMs, error }) => {
        deps.logger.warn(
          {
            event: 'insurer_retry',
            operation: op.name,
            subject: op.subject,
            retry,
            delayMs,
            reason: error.code,
            ...traceFields(options),
          },
          'insurer retry',
        );
        deps.metrics.inc(INSURER_METRICS.retries, { operation: op.name, reason: error.code });
      },
    },
  );
  if (!r.ok && r.error.code === 'circuit_open') {
    deps.logger.warn(
      { event: 'insurer_fail_fast', operation: op.name, subject: op.subject, ...traceFields(options) },
      'insurer circuit open',
    );
    deps.metrics.inc(INSURER_METRICS.calls, { operation: op.name, outcome: 'circuit_open' });
  }
  return r;
};
