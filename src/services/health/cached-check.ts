/** A health check whose answer is kept for `ttlMs` of the injected clock, so deep health stays cheap under polling. */
import type { Clock } from '../../domain/shared/clock.ts';
import type { CheckResult } from './registry.ts';

export const cachedCheck = (check: () => Promise<CheckResult>, clock: Clock, ttlMs: number) => {
  let last: { readonly at: number; readonly result: CheckResult } | undefined;
  let running: Promise<CheckResult> | undefined;
  return (): Promise<CheckResult> => {
    const now = clock.now();
    if (last !== undefined && now - last.at < ttlMs) return Promise.resolve(last.result);
    running ??= check()
      .then((result) => {
        last = { at: clock.now(), result };
        return result;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
};
