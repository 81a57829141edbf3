/**
 * The delivery worker: routes the outbox, releases held deliveries, claims due deliveries and sends
 * them. Each channel has its own share of concurrent sends, and a pass never waits for a send to end:
 * a slow or dead endpoint holds one slot of its own channel, never another channel's deliveries (no
 * head-of-line blocking). It is woken after every commit that enqueues (the outbox notifier's signal),
 * when a send ends, at the next due time, and at the latest every `pollMs` (other instances' work).
 * Time is the injected clock's; tests drive it with runDue() in virtual time.
 */
import type { DeliveryRow } from '../../adapters/store/interface.ts';
import { CHANNELS, type Channel } from '../../domain/delivery/notification.ts';
import { realTimers, type SchedulerTimers } from '../lifecycle/scheduler.ts';
import type { ServiceContext } from '../context.ts';
import { attemptDelivery } from './attempt.ts';
import type { DeliveryDeps } from './deps.ts';
import { releaseHeld, routeOutbox } from './route.ts';

interface WorkerOptions {
  /** The slow poll: the longest the worker sleeps with nothing due. */
  readonly pollMs?: number;
  /** Concurrent sends per channel. */
  readonly perChannel?: number;
}

const DEFAULT_POLL_MS = 5_000;
const DEFAULT_PER_CHANNEL = 8;
const IDLE_RETRY_MS = 1_000;

export class DeliveryWorker {
  readonly #ctx: ServiceContext;
  readonly #deps: DeliveryDeps;
  readonly #timers: SchedulerTimers;
  readonly #pollMs: number;
  readonly #perChannel: number;
  readonly #inFlight = new Map<string, Promise<void>>();
  readonly #busy: Record<Channel, number> = { email: 0, slack: 0, pagerduty: 0, webhook: 0 };
  readonly #abort = new AbortController();
  #timer: unknown = null;
  #pass: Promise<readonly Promise<void>[]> | null = null;
  #again = false;
  #stopped = false;
  #unsubscribe: (() => void) | null = null;

  constructor(ctx: ServiceContext, deps: DeliveryDeps, timers: SchedulerTimers = realTimers, o: WorkerOptions = {}) {
    this.#ctx = ctx;
    this.#deps = deps;
    this.#timers = timers;
    this.#pollMs = o.pollMs ?? DEFAULT_POLL_MS;
    this.#perChannel = o.perChannel ?? DEFAULT_PER_CHANNEL;
  }

  /** Takes back what this owner held before a restart, listens for commits, and runs. */
  async start(onCommitted?: (wake: () => void) => () => void): Promise<void> {
    await this.#ctx.store.transaction((tx) => tx.releaseLeases(this.#deps.owner));
    this.#unsubscribe = onCommitted?.(() => this.wake()) ?? null;
    this.wake();
  }

  /** Runs a pass soon (coalesced with one already running). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#pass !== null) {
      this.#again = true;
      return;
    }
    this.#arm(0);
  }

  /**
   * Everything due now, to the end: routes, releases, sends and waits for those sends, again while a
   * send made more work due (tests in virtual time). Returns the number of attempts made.
   */
  async runDue(): Promise<number> {
    let attempts = 0;
    for (;;) {
      const started = await this.#runPass();
      if (started.length === 0) return attempts;
      attempts += started.length;
      await Promise.all(started);
    }
  }

  /** When something is next due (the clock's ms), or null when nothing waits. */
  async nextAt(): Promise<number | null> {
    return this.#ctx.store.read(async (r) => ((await r.hasUnrouted()) ? this.#ctx.clock.now() : r.nextDeliveryAt()));
  }

  /** Sends in progress. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
    this.#abort.abort();
    await this.#pass?.then(
      () => undefined,
      () => undefined,
    );
    await Promise.allSettled([...this.#inFlight.values()]);
  }

  #arm(delayMs: number): void {
    if (this.#stopped) return;
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = this.#timers.setTimeout(
      () => {
        this.#timer = null;
        void this.#tick();
      },
      Math.max(0, Math.min(delayMs, this.#pollMs)),
    );
  }

  async #tick(): Promise<void> {
    let started: readonly Promise<void>[] = [];
    try {
      started = await this.#runPass();
      for (const s of started) void s.then(() => this.wake());
    } catch (e) {
      this.#ctx.logger.error({ err: e }, 'notification delivery pass failed');
    }
    if (this.#again) {
      this.#again = false;
      this.#arm(0);
      return;
    }
    try {
      const next = await this.nextAt();
      const delay = next === null ? this.#pollMs : next - this.#ctx.clock.now();
      // Due but nothing could start (the leases of another instance): look again later, not at once.
      this.#arm(delay <= 0 && started.length === 0 ? IDLE_RETRY_MS : delay);
    } catch {
      this.#arm(this.#pollMs);
    }
  }

  #runPass(): Promise<readonly Promise<void>[]> {
    const pass = (this.#pass ?? Promise.resolve([])).then(() => this.#passOnce());
    this.#pass = pass;
    return pass.finally(() => {
      if (this.#pass === pass) this.#pass = null;
    });
  }

  async #passOnce(): Promise<readonly Promise<void>[]> {
    if (this.#stopped) return [];
    const { ctx, deps } = { ctx: this.#ctx, deps: this.#deps };
    while ((await routeOutbox(ctx, deps)) > 0);
    while ((await releaseHeld(ctx, deps)) > 0);
    const started: Promise<void>[] = [];
    for (const channel of CHANNELS) {
      const free = this.#perChannel - this.#busy[channel];
      if (free <= 0) continue;
      const claimed = await ctx.store.transaction((tx) =>
        tx.claimDeliveries(channel, deps.owner, deps.leaseMs, ctx.clock.now(), free),
      );
      for (const d of claimed) started.push(this.#send(d));
    }
    await this.#gauge();
    return started;
  }

  #send(d: DeliveryRow): Promise<void> {
    this.#busy[d.channel]++;
    const run = attemptDelivery(this.#ctx, this.#deps, d, this.#abort.signal)
      .then(
        () => undefined,
        (e: unknown) => {
          // Unrecorded: the lease runs out and the delivery is tried again, with the same ids.
          this.#ctx.logger.error({ err: e, delivery: d.id }, 'notification attempt could not be recorded');
        },
      )
      .finally(() => {
        this.#busy[d.channel]--;
        this.#inFlight.delete(d.id);
      });
    this.#inFlight.set(d.id, run);
    return run;
  }

  async #gauge(): Promise<void> {
    const b = await this.#ctx.store.read((r) => r.outboxBacklog());
    this.#ctx.metrics.set('tai_outbox_pending', b.pending);
    const age = b.oldestCreatedAt === null ? 0 : (this.#ctx.clock.now() - Date.parse(b.oldestCreatedAt)) / 1000;
    this.#ctx.metrics.set('tai_outbox_oldest_pending_age_seconds', Math.max(0, age));
  }
}
