/**
 * The daily close, scheduled in `serve`: shortly after each UTC midnight the day that has just ended is
 * closed. A failed close is logged and the next one (the next night) closes its own day; closing a
 * missed day later is `POST /v1/admin/revenue/close` or `tai revenue close --day`, since a close is
 * idempotent and may run for any past day.
 */
import type { SchedulerLog, SchedulerTimers } from '../lifecycle/scheduler.ts';
import { addDays } from '../../domain/revenue/days.ts';
import { asActor, type ServiceContext } from '../context.ts';
import { closeRevenueDay } from './close-revenue-day.ts';

const DAY_MS = 86_400_000;
/** How long after midnight the close runs: receipts of the day before have committed by then. */
const CLOSE_AFTER_MIDNIGHT_MS = 10 * 60_000;

/** Milliseconds from `nowMs` to the next close time. */
export const msUntilNextClose = (nowMs: number): number => {
  const sinceMidnight = ((nowMs % DAY_MS) + DAY_MS) % DAY_MS;
  const wait = CLOSE_AFTER_MIDNIGHT_MS - sinceMidnight;
  return wait > 0 ? wait : wait + DAY_MS;
};

export const startRevenueCloser = (
  ctx: ServiceContext,
  log: SchedulerLog,
  timers: SchedulerTimers,
): { stop(): Promise<void>; idle(): Promise<void> } => {
  const system = asActor(ctx, { kind: 'system' });
  let handle: unknown = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const arm = (): void => {
    handle = timers.setTimeout(() => {
      const day = addDays(new Date(ctx.clock.now()).toISOString().slice(0, 10), -1);
      running = closeRevenueDay({ ctx: system, input: { day } })
        .then(
          () => undefined,
          (err: unknown) => log.error({ err, day }, 'revenue close failed; close the day again by hand'),
        )
        .then(() => {
          if (!stopped) arm();
        });
    }, msUntilNextClose(ctx.clock.now()));
  };
  arm();
  return {
    /** Settles when the close in progress (if any) has ended and the next one is armed. */
    idle: () => running,
    stop: async () => {
      stopped = true;
      timers.clearTimeout(handle);
      await running;
    },
  };
};
