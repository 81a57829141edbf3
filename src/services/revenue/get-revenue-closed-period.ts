/** Finance's closed period in force and the latest day the daily close has completed, for the admin API. */
import type { ClosedPeriodRow } from '../../adapters/store/ports/revenue.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';

interface ClosedPeriodView {
  readonly closed: ClosedPeriodRow | null;
  readonly lastClosedDay: string | null;
}

export const getRevenueClosedPeriod = async ({ ctx }: VerbArgs<Record<string, never>>): Promise<ClosedPeriodView> => {
  await requireAdmin(ctx);
  return ctx.store.read(async (r) => ({
    closed: await r.revenueClosedPeriod(),
    lastClosedDay: await r.revenueLastClosedDay(),
  }));
};
