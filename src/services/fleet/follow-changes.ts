/**
 * Keeps this instance's in-memory view (certificate records, the read-only switch) in step with what the
 * other instances commit. The change sequence in the database is the truth: it is read after every
 * NOTIFY hint and, in case a hint is lost, on a short poll; after the listening connection comes back the
 * whole view is re-read, since anything may have changed meanwhile. Sequence numbers can commit out of
 * order (a transaction that took 41 may commit after 42), so each read looks a little behind the newest
 * number seen and skips what it already applied.
 */
import type { FleetChange, FleetPort } from '../../adapters/fleet/interface.ts';
import type { ServiceContext } from '../context.ts';
import { SYSTEM_READ_ONLY_SETTING } from '../lifecycle/load-lifecycle-state.ts';
import type { SchedulerTimers } from '../lifecycle/scheduler.ts';
import { refreshCustomer, refreshOperatorSwitch } from './refresh.ts';

/** How far behind the newest sequence number each read looks again. */
const LOOKBACK = 256;
const PAGE = 500;
/** Changes older than this are deleted (by whichever instance gets there). */
const KEEP_MS = 3_600_000;
const PRUNE_EVERY_MS = 600_000;

interface FollowerOptions {
  /** The fallback poll (default 1 s): the bound on propagation when a hint is lost. */
  readonly pollMs?: number;
}

export class ChangeFollower {
  #cursor = 0;
  readonly #seen = new Set<number>();
  #catching: Promise<void> | null = null;
  #again = false;
  #timer: unknown = null;
  #stopped = false;
  #prunedAt = 0;
  /** Whether the last read failed (the database unreachable): logged once per outage. */
  #failing = false;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly fleet: FleetPort,
    private readonly timers: SchedulerTimers,
    private readonly options: FollowerOptions = {},
  ) {}

  async start(): Promise<void> {
    if (!this.fleet.shared) return;
    this.#cursor = await this.fleet.latestChange();
    this.#prunedAt = this.ctx.clock.now();
    this.fleet.listen({
      onHint: () => void this.catchUp().catch(() => undefined),
      onReconnect: () => void this.rereadAll().catch(() => undefined),
      onError: (e) => this.ctx.logger.warn({ err: e }, 'fleet change listener lost its connection; reconnecting'),
    });
    this.#arm();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) this.timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Reads and applies every change not applied yet; concurrent calls share one read (and one more after it). */
  catchUp(): Promise<void> {
    if (this.#catching !== null) {
      this.#again = true;
      return this.#catching;
    }
    this.#catching = (async () => {
      do {
        this.#again = false;
        await this.#readChanges();
      } while (this.#again);
    })().finally(() => {
      this.#catching = null;
    });
    return this.#catching;
  }

  /** Re-reads every record and the switch (after a reconnection: hints may have been missed). */
  async rereadAll(): Promise<void> {
    const latest = await this.fleet.latestChange();
    for (let after: string | undefined; ;) {
      const page = await this.ctx.store.read((r) => r.lifecycles({ limit: 500, after }));
      for (const row of page.items)
        await refreshCustomer(this.ctx, row.customerId, { lifecycle: () => Promise.resolve(row) });
      if (page.next === null) break;
      after = page.next;
    }
    await refreshOperatorSwitch(this.ctx);
    this.#cursor = Math.max(this.#cursor, latest);
    this.ctx.logger.info({ event: 'fleet_reread' }, 'fleet view re-read after the change listener reconnected');
  }

  async #readChanges(): Promise<void> {
    for (;;) {
      const changes = await this.fleet.changesAfter(Math.max(0, this.#cursor - LOOKBACK), PAGE);
      for (const change of changes) {
        if (this.#seen.has(change.seq)) continue;
        await this.#apply(change);
        this.#seen.add(change.seq);
        this.#cursor = Math.max(this.#cursor, change.seq);
      }
      for (const seq of this.#seen) if (seq <= this.#cursor - LOOKBACK) this.#seen.delete(seq);
      if (changes.length < PAGE) return;
    }
  }

  async #apply(change: FleetChange): Promise<void> {
    if (change.kind === 'certificate') await refreshCustomer(this.ctx, change.subject);
    else if (change.subject === SYSTEM_READ_ONLY_SETTING) await refreshOperatorSwitch(this.ctx);
  }

  #arm(): void {
    if (this.#stopped) return;
    this.#timer = this.timers.setTimeout(() => {
      this.#timer = null;
      void this.#tick().finally(() => this.#arm());
    }, this.options.pollMs ?? 1_000);
  }

  async #tick(): Promise<void> {
    try {
      await this.catchUp();
      const now = this.ctx.clock.now();
      if (now - this.#prunedAt >= PRUNE_EVERY_MS) {
        this.#prunedAt = now;
        await this.fleet.pruneChanges(KEEP_MS);
      }
      if (this.#failing) this.ctx.logger.info({ event: 'fleet_changes_restored' }, 'fleet change reads work again');
      this.#failing = false;
    } catch (e) {
      if (!this.#failing) this.ctx.logger.warn({ err: e }, 'fleet change read failed; retrying every poll');
      this.#failing = true;
    }
  }
}
