/**
 * Writes the accumulated usage to the store every USAGE_FLUSH_EVERY_MS and once more at shutdown, in
 * one transaction per flush. A failed flush puts its cells back for the next one. A crash (SIGKILL,
 * power loss) loses at most what was recorded since the last flush: one interval, a minute by default.
 */
import type { Store } from '../../adapters/store/interface.ts';
import type { SchedulerLog, SchedulerTimers } from '../lifecycle/scheduler.ts';
import type { UsageAccumulator } from './accumulator.ts';

export const USAGE_FLUSH_EVERY_MS = 60_000;

export interface UsageFlusher {
  /** Writes what is pending now; resolves when it is committed (or put back after a failure). */
  flush(): Promise<void>;
  /** Settles when the flush in progress (if any) has ended. */
  idle(): Promise<void>;
  /** Stops the timer and flushes what is left. */
  stop(): Promise<void>;
}

export const startUsageFlusher = (
  store: Store,
  usage: UsageAccumulator,
  log: SchedulerLog,
  timers: SchedulerTimers,
  everyMs = USAGE_FLUSH_EVERY_MS,
): UsageFlusher => {
  let handle: unknown = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const writeOnce = async (): Promise<void> => {
    const cells = usage.drain();
    if (cells.length === 0) return;
    try {
      await store.transaction((tx) => tx.addUsage(cells));
    } catch (err) {
      usage.restore(cells);
      log.error({ err, cells: cells.length }, 'usage flush failed; kept for the next flush');
    }
  };
  // Flushes run one after another, never two at once.
  const flush = (): Promise<void> => {
    running = running.then(writeOnce);
    return running;
  };
  const arm = (): void => {
    handle = timers.setTimeout(() => {
      void flush().then(() => {
        if (!stopped) arm();
      });
    }, everyMs);
  };
  arm();
  return {
    flush,
    idle: () => running,
    stop: async () => {
      stopped = true;
      timers.clearTimeout(handle);
      await flush();
    },
  };
};
