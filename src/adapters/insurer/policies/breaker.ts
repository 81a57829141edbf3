/**
 * Circuit breaker on the injected clock. Opens after `failureThreshold` consecutive failures; after
 * `halfOpenAfterMs` exactly one probe goes through while every other caller fails fast with circuit_open.
 */
import type { Clock } from '../../../domain/shared/clock.ts';
import { insurerError } from '../../../domain/insurance/insurer-error.ts';
import type { InsurerError, InsurerErrorCode } from '../../../domain/insurance/verification.ts';
import { err, type Result } from '../../../domain/shared/result.ts';

export type BreakerState = 'closed' | 'open' | 'half_open';

/**
 * What counts as a failure: the provider did not answer usefully. 429 is not one (the provider is up and said
 * when to return); 4xx, signature and shape errors are not (it answered; retrying cannot help).
 */
const BREAKER_FAILURES: ReadonlySet<InsurerErrorCode> = new Set<InsurerErrorCode>([
  'timeout',
  'network',
  'server_error',
  'jwks_unavailable',
]);

const isFailure = (r: Result<unknown, InsurerError>): boolean => !r.ok && BREAKER_FAILURES.has(r.error.code);

interface BreakerOptions {
  readonly failureThreshold: number;
  readonly halfOpenAfterMs: number;
  readonly clock: Clock;
  readonly onTransition?: (from: BreakerState, to: BreakerState) => void;
}

export class CircuitBreaker {
  readonly #opts: BreakerOptions;
  #open = false;
  #failures = 0;
  #openedAt = 0;
  #probing = false;

  constructor(opts: BreakerOptions) {
    this.#opts = opts;
  }

  get state(): BreakerState {
    if (!this.#open) return 'closed';
    return this.#probing || this.#opts.clock.now() - this.#openedAt >= this.#opts.halfOpenAfterMs
      ? 'half_open'
      : 'open';
  }

  async run<T>(fn: () => Promise<Result<T, InsurerError>>): Promise<Result<T, InsurerError>> {
    if (!this.#open) return this.#closedCall(fn);
    const waited = this.#opts.clock.now() - this.#openedAt;
    if (waited < this.#opts.halfOpenAfterMs) {
      const retryAfterMs = this.#opts.halfOpenAfterMs - waited;
      return err(insurerError('circuit_open', 'circuit open: failing fast', { retryAfterMs }));
    }
    if (this.#probing) return err(insurerError('circuit_open', 'circuit half-open: probe in flight, failing fast'));
    return this.#probe(fn);
  }

  async #closedCall<T>(fn: () => Promise<Result<T, InsurerError>>): Promise<Result<T, InsurerError>> {
    const r = await fn();
    // A call that started before the breaker opened does not close it: only the probe does.
    if (this.#open) return r;
    if (!isFailure(r)) {
      this.#failures = 0;
      return r;
    }
    this.#failures += 1;
    if (this.#failures >= this.#opts.failureThreshold) this.#trip('closed');
    return r;
  }

  async #probe<T>(fn: () => Promise<Result<T, InsurerError>>): Promise<Result<T, InsurerError>> {
    this.#probing = true;
    this.#opts.onTransition?.('open', 'half_open');
    let r: Result<T, InsurerError> | undefined;
    try {
      r = await fn();
    } finally {
      this.#probing = false;
      if (r === undefined || isFailure(r)) this.#trip('half_open');
      else {
        this.#open = false;
        this.#failures = 0;
        this.#opts.onTransition?.('half_open', 'closed');
      }
    }
    return r;
  }

  #trip(from: BreakerState): void {
    this.#open = true;
    this.#openedAt = this.#opts.clock.now();
    this.#opts.onTransition?.(from, 'open');
  }
}
