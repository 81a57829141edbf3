/**
 * Sliding-window limiter on the injected clock: at most `limit` acquisitions in any `windowMs`, so we stay
 * under the provider's per-minute quota whichever window it counts in. Waiters are bounded by `maxQueue`.
 */
import type { Clock } from '../../../domain/shared/clock.ts';
import { insurerError } from '../../../domain/insurance/insurer-error.ts';
import type { InsurerError } from '../../../domain/insurance/verification.ts';
import { err, ok, type Result } from '../../../domain/shared/result.ts';

interface LimiterOptions {
  readonly limit: number;
  readonly windowMs: number;
  readonly maxQueue: number;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
}

export class SlidingWindowLimiter {
  readonly #opts: LimiterOptions;
  readonly #stamps: number[] = [];
  #queued = 0;

  constructor(opts: LimiterOptions) {
    this.#opts = opts;
  }

  get queued(): number {
    return this.#queued;
  }

  /** Acquisitions within the window ending at `now` (the ops dashboard's calls against the limit). */
  inWindow(now: number): number {
    return this.#stamps.filter((t) => t > now - this.#opts.windowMs).length;
  }

  /** Takes a slot, waiting if needed; fails fast when the queue is full or the wait would pass `deadlineAt`. */
  async acquire(deadlineAt: number): Promise<Result<undefined, InsurerError>> {
    for (;;) {
      const now = this.#opts.clock.now();
      while (this.#stamps.length > 0 && (this.#stamps[0] ?? now) <= now - this.#opts.windowMs) this.#stamps.shift();
      if (this.#stamps.length < this.#opts.limit) {
        this.#stamps.push(now);
        return ok(undefined);
      }
      const waitMs = (this.#stamps[0] ?? now) + this.#opts.windowMs - now;
      if (now + waitMs > deadlineAt) {
        return err(
          insurerError('rate_limited_locally', 'local rate limit: wait would pass the deadline', {
            retryAfterMs: waitMs,
          }),
        );
      }
      if (this.#queued >= this.#opts.maxQueue) {
        return err(insurerError('rate_limited_locally', 'local rate limit: queue full', { retryAfterMs: waitMs }));
      }
      this.#queued += 1;
      try {
        await this.#opts.sleep(waitMs);
      } finally {
        this.#queued -= 1;
      }
    }
  }
}
