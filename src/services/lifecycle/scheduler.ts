/**
 * Runs each customer's lifecycle on time: a min-heap of wake times (rebuilt from the persisted records at
 * start, so a restart keeps the schedule), checks spread under the insurer's rate limit by a call budget,
 * one customer's failure never touching another's. Timers are injected so tests can drive it.
 */
import { armFrom, checkDue, DueQueue, insurerCallBudget, type CallBudget } from '../../domain/certificate/index.ts';
import type { ServiceContext } from '../context.ts';
import { wakeCustomer } from './insurance-verbs.ts';

export interface SchedulerTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SchedulerLog {
  error(obj: Readonly<Record<string, unknown>>, msg: string): void;
}

const realTimers: SchedulerTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Never sleep longer than this, so a clock jump is noticed within a minute. */
const MAX_SLEEP_MS = 60_000;
const BATCH = 50;

export class LifecycleScheduler {
  readonly #queue = new DueQueue();
  readonly #budget: CallBudget;
  #timer: unknown = null;
  #running = false;
  #stopped = false;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly log: SchedulerLog,
    private readonly timers: SchedulerTimers | undefined = realTimers,
  ) {
    this.#budget = insurerCallBudget(1000, 0.2, ctx.clock.now());
  }

  start(): void {
    for (const record of this.ctx.lifecycle.state.records()) armFrom(this.#queue, record);
    this.ctx.lifecycle.state.onChange((record) => {
      armFrom(this.#queue, record);
      this.#arm();
    });
    this.#arm();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  get #timers(): SchedulerTimers {
    return this.timers ?? realTimers;
  }

  /** When the next customer is due (virtual-time drivers step the clock to it). */
  nextAt(): number | null {
    return this.#queue.nextAt();
  }

  /** Runs everything due now; returns how many customers were woken. Tests call it directly. */
  async runDue(): Promise<number> {
    if (this.#running) return 0;
    this.#running = true;
    let woken = 0;
    try {
      const now = this.ctx.clock.now();
      for (const customerId of this.#queue.popDue(now, BATCH)) {
        // Only an insurer call spends the budget; a tick (warnings, expiry, grace) is free.
        const record = this.ctx.lifecycle.state.record(customerId);
        const callsInsurer =
          record !== undefined && (checkDue(record, now) || (record.renewal?.nextAttemptAt ?? Infinity) <= now);
        if (callsInsurer) {
          const slot = this.#budget.peek(now);
          if (slot > now) {
            // Over the insurer's rate budget: come back when a slot is free.
            this.#queue.schedule(customerId, slot);
            continue;
          }
          this.#budget.reserve(now);
        }
        try {
          await wakeCustomer(this.ctx, customerId);
          woken++;
        } catch (e) {
          this.log.error({ err: e, customerId }, 'lifecycle wake-up failed; retrying in a minute');
          this.#queue.schedule(customerId, this.ctx.clock.now() + 60_000);
        }
      }
    } finally {
      this.#running = false;
    }
    return woken;
  }

  #arm(): void {
    if (this.#stopped) return;
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    const next = this.#queue.nextAt();
    if (next === null) {
      this.#timer = null;
      return;
    }
    const delay = Math.min(MAX_SLEEP_MS, Math.max(0, next - this.ctx.clock.now()));
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null;
      void this.runDue().finally(() => this.#arm());
    }, delay);
  }
}
