/**
 * Expired idempotency records are deleted in the background. A key is kept 24 hours; after that a request
 * reusing it runs afresh whether or not its record is still there, so the records (each holding a whole
 * response) would otherwise only pile up.
 */
import type { Store } from '../../adapters/store/interface.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import type { SchedulerLog, SchedulerTimers } from '../lifecycle/scheduler.ts';

export const IDEMPOTENCY_SWEEP_EVERY_MS = 3_600_000;
const BATCH = 500;

/** Deletes every record expired by now, `batch` per transaction so no write waits long; returns how many. */
export const sweepExpiredIdempotencyKeys = async (
  deps: { readonly store: Store; readonly clock: Clock },
  batch = BATCH,
): Promise<number> => {
  const now = new Date(deps.clock.now()).toISOString();
  let deleted = 0;
  for (;;) {
    const n = await deps.store.transaction((tx) => tx.deleteExpiredIdempotencyKeys(now, batch));
    deleted += n;
    if (n < batch) return deleted;
  }
};

/** Sweeps every IDEMPOTENCY_SWEEP_EVERY_MS; a failed sweep is logged and the next one tries again. */
export const startIdempotencySweeper = (
  deps: { readonly store: Store; readonly clock: Clock },
  log: SchedulerLog & { info(obj: Readonly<Record<string, unknown>>, msg: string): void },
  timers: SchedulerTimers,
): { stop(): Promise<void>; idle(): Promise<void> } => {
  let handle: unknown = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const arm = (): void => {
    handle = timers.setTimeout(() => {
      running = sweepExpiredIdempotencyKeys(deps)
        .then(
          (deleted) => {
            if (deleted > 0) log.info({ deleted }, 'expired idempotency keys deleted');
          },
          (err: unknown) => log.error({ err }, 'idempotency key sweep failed; trying again in an hour'),
        )
        .then(() => {
          if (!stopped) arm();
        });
    }, IDEMPOTENCY_SWEEP_EVERY_MS);
  };
  arm();
  return {
    /** Settles when the sweep in progress (if any) has ended and the next one is armed. */
    idle: () => running,
    stop: async () => {
      stopped = true;
      timers.clearTimeout(handle);
      await running;
    },
  };
};
