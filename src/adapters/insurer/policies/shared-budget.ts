/**
 * The provider's per-minute quota, shared by every instance on one database: each call takes one from the
 * current window's row (database time), waiting for the next window when it is spent and the deadline
 * allows. If the database cannot be asked, the call goes ahead under the local limiter alone: an
 * unreachable database must not also stop certificate checks, and each instance's own limiter still
 * keeps it under the quota it would have alone.
 */
import type { BudgetTake } from '../../fleet/interface.ts';
import type { Metrics } from '../../metrics/interface.ts';
import type { Clock } from '../../../domain/shared/clock.ts';
import { insurerError } from '../../../domain/insurance/insurer-error.ts';
import type { InsurerError } from '../../../domain/insurance/verification.ts';
import { err, ok, type Result } from '../../../domain/shared/result.ts';

const BUDGET_REMAINING_METRIC = 'tai_insurer_budget_remaining';

interface SharedBudgetOptions {
  readonly take: (limit: number, windowMs: number) => Promise<BudgetTake>;
  readonly limit: number;
  readonly windowMs: number;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly metrics: Metrics;
  /** Told once each time the database stops answering (the local limiter then rules alone). */
  readonly onUnavailable?: (e: unknown) => void;
}

export class SharedBudget {
  readonly #opts: SharedBudgetOptions;
  #unavailable = false;

  constructor(opts: SharedBudgetOptions) {
    this.#opts = opts;
  }

  async acquire(deadlineAt: number): Promise<Result<undefined, InsurerError>> {
    for (;;) {
      let take: BudgetTake;
      try {
        take = await this.#opts.take(this.#opts.limit, this.#opts.windowMs);
        this.#unavailable = false;
      } catch (e) {
        if (!this.#unavailable) this.#opts.onUnavailable?.(e);
        this.#unavailable = true;
        return ok(undefined);
      }
      this.#opts.metrics.set(BUDGET_REMAINING_METRIC, take.remaining);
      if (take.granted) return ok(undefined);
      const now = this.#opts.clock.now();
      if (now + take.retryAfterMs > deadlineAt) {
        return err(
          insurerError('rate_limited_locally', 'shared insurer budget spent for this window', {
            retryAfterMs: take.retryAfterMs,
          }),
        );
      }
      await this.#opts.sleep(take.retryAfterMs);
    }
  }
}
