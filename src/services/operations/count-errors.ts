/** Counts an operation that failed for a reason of ours (not a refusal, not a bad request) as an error. */
import { isDomainError } from '../../domain/errors/domain-error.ts';
import type { CounterName } from '../../domain/metrics/catalog.ts';
import type { ServiceContext } from '../context.ts';

export const countingErrors = async <T>(
  ctx: ServiceContext,
  metric: CounterName,
  run: () => Promise<T>,
): Promise<T> => {
  try {
    return await run();
  } catch (e) {
    if (!isDomainError(e) || e.status >= 500) ctx.metrics.inc(metric, { outcome: 'error' });
    throw e;
  }
};
