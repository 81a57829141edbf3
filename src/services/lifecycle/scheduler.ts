/**
 * Runs each customer's lifecycle on time: a min-heap of wake times (rebuilt from the persisted records at
 * start, so a restart keeps the schedule), checks spread under the insurer's rate limit by a call budget,
 * one customer's failure never touching another's. Timers are injected so tests can drive it.
 *
 * Wake-ups run concurrently, at most WAKE_CONCURRENCY at once, and one customer never twice at once. A
 * wake-up can take a minute (a renewal follows the insurer's issuance until it is done), so running them
 * one after another let one slow insurer answer hold back every other customer's expiry or warning.
 */
import { armFrom, checkDue, DueQueue, insurerCallBudget, type CallBudget } from '../../domain/certificate/index.ts';
import type { ServiceContext } from '../context.ts';
import { refreshCustomer } from '../fleet/refresh.ts';
import { wakeCustomer } from './wake-customer.ts';

/** Wakes one customer; the scheduler's unit tests put a function of their own here. */
type WakeCustomer = (ctx: ServiceContext, customerId: string) => Promise<unknown>;

export interface SchedulerTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SchedulerLog {
  error(obj: Readonly<Record<string, unknown>>, msg: string): void;
}

export const realTimers: SchedulerTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Never sleep longer than this, so a clock jump is noticed within a minute. */
const MAX_SLEEP_MS = 60_000;
const BATCH = 50;
/** A customer's wake-up in progress. */
interface Flight {
  /** It fell due again while this wake-up ran: look at it again when it ends. */
  dueAgain: boolean;
  done: Promise<boolean>;
}

/** A customer another instance is waking is looked at again after this (its outcome usually arrives first). */
const CLAIMED_ELSEWHERE_RETRY_MS = 30_000;
/** Wake-ups in progress at once; the others due wait for a slot. */
export const WAKE_CONCURRENCY = 8;

export class LifecycleScheduler {
  readonly #queue = new DueQueue();
  readonly #budget: CallBudget;
  #timer: unknown = null;
  #stopped = false;
  /** Customers being woken now (or waiting for a slot): whether they fell due again meanwhile, and the wake-up. */
  readonly #inFlight = new Map<string, Flight>();
  #running = 0;
  readonly #waitingForSlot: (() => void)[] = [];

  constructor(
    private readonly ctx: ServiceContext,
    private readonly log: SchedulerLog,
    private readonly timers: SchedulerTimers | undefined = realTimers,
    private readonly wake: WakeCustomer = (c, customerId) => wakeCustomer({ ctx: c, input: { customerId } }),
  ) {
    this.#budget = insurerCallBudget(1000, 0.2, ctx.clock.now());
  }

  /** Insurer calls left in the current rate-limit window (tai_insurer_budget_remaining). */
  budgetRemaining(): number {
    return this.#budget.remaining(this.ctx.clock.now());
  }

  start(): void {
    for (const record of this.ctx.lifecycle.state.records()) armFrom(this.#queue, record);
    this.ctx.lifecycle.state.onChange((record) => {
      armFrom(this.#queue, record);
      this.#arm();
    });
    this.#arm();
  }

  /**
   * Stops waking customers. Resolves when the wake-ups in progress have ended, or after `graceMs` (an insurer
   * call can take long); one cut short is only a transaction that did not commit, and the persisted schedule
   * wakes that customer again at the next start. Wake-ups still waiting for a slot do not start.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#inFlight.size === 0) return;
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.#inFlight.values()].map((f) => f.done)),
      new Promise<void>((resolve) => {
        grace = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(grace);
  }

  get #timers(): SchedulerTimers {
    return this.timers ?? realTimers;
  }

  /** When the next customer is due (virtual-time drivers step the clock to it). */
  nextAt(): number | null {
    return this.#queue.nextAt();
  }

  /**
   * Starts every customer due now and waits for those wake-ups; returns how many customers were woken.
   * The timer calls it without waiting; tests call it directly.
   */
  runDue(): Promise<number> {
    const now = this.ctx.clock.now();
    const started: Promise<boolean>[] = [];
    for (const customerId of this.#queue.popDue(now, BATCH)) {
      const running = this.#inFlight.get(customerId);
      if (running !== undefined) {
        // Its wake-up is still running: look at it again when that ends.
        running.dueAgain = true;
        continue;
      }
      const flight: Flight = { dueAgain: false, done: Promise.resolve(false) };
      this.#inFlight.set(customerId, flight);
      flight.done = this.#wakeOne(customerId, flight);
      started.push(flight.done);
    }
    return Promise.all(started).then((woken) => woken.filter(Boolean).length);
  }

  async #wakeOne(customerId: string, flight: Flight): Promise<boolean> {
    await this.#slot();
    try {
      if (this.#stopped) return false;
      const { fleet } = this.ctx;
      if (fleet === undefined || !fleet.shared) return await this.#wakeClaimed(customerId, false);
      // One instance at a time wakes a customer; the others skip it and hear of the outcome as a change.
      const claimed = await fleet.withClaim(`wake:${customerId}`, () => this.#wakeClaimed(customerId, true));
      if (!claimed.claimed) {
        this.#queue.schedule(customerId, this.ctx.clock.now() + CLAIMED_ELSEWHERE_RETRY_MS);
        return false;
      }
      return claimed.value;
    } catch (e) {
      this.log.error({ err: e, customerId }, 'lifecycle wake-up failed; retrying in a minute');
      this.#queue.schedule(customerId, this.ctx.clock.now() + 60_000);
      return false;
    } finally {
      this.#inFlight.delete(customerId);
      this.#release();
      const record = this.ctx.lifecycle.state.record(customerId);
      if (flight.dueAgain && record !== undefined && !this.#queue.has(customerId)) armFrom(this.#queue, record);
      this.#arm();
    }
  }

  async #wakeClaimed(customerId: string, shared: boolean): Promise<boolean> {
    const now = this.ctx.clock.now();
    if (shared) {
      // Under the claim, the stored record is the truth: another instance may have just woken this customer.
      await refreshCustomer(this.ctx, customerId);
      const wakeAt = this.ctx.lifecycle.state.record(customerId)?.wakeAt ?? null;
      if (wakeAt !== null && wakeAt > now) return false;
    }
    // Only an insurer call spends the budget; a tick (warnings, expiry, grace) is free.
    const record = this.ctx.lifecycle.state.record(customerId);
    const callsInsurer =
      record !== undefined && (checkDue(record, now) || (record.renewal?.nextAttemptAt ?? Infinity) <= now);
    if (callsInsurer) {
      const slot = this.#budget.peek(now);
      if (slot > now) {
        // Over the insurer's rate budget: come back when a slot is free.
        this.#queue.schedule(customerId, slot);
        return false;
      }
      this.#budget.reserve(now);
    }
    await this.wake(this.ctx, customerId);
    return true;
  }

  #slot(): Promise<void> {
    if (this.#running < WAKE_CONCURRENCY) {
      this.#running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waitingForSlot.push(resolve));
  }

  #release(): void {
    const next = this.#waitingForSlot.shift();
    if (next !== undefined) next();
    else this.#running--;
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
      // Wake-ups re-arm as they end; the timer only has to start them and look at what is due next.
      this.runDue().catch((e: unknown) => this.log.error({ err: e }, 'lifecycle scheduler run failed'));
      this.#arm();
    }, delay);
  }
}
