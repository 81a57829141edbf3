/**
 * The ops dashboard's overview (admin): the system's mode and why, every customer's insurance summarized,
 * the insurer client's health (breaker, calls against the provider's limit), the outbox backlog, and one
 * page of customers with their standing. Customers are walked through the existing status verb, a page at a time.
 */
import type { InsurerHealth } from '../../adapters/insurer/interface.ts';
import type { OutboxBacklog } from '../../adapters/store/ports/delivery.ts';
import type { LifecycleView } from '../../domain/certificate/index.ts';
import { summarizeInsurance, type InsuranceSummary } from '../../domain/ops/overview.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { getStatus } from '../lifecycle/get-status.ts';

const WALK_PAGE = 500;

type Status = Awaited<ReturnType<typeof getStatus>>;

export interface OpsOverview {
  readonly at: number;
  readonly system: Status['system'];
  readonly summary: InsuranceSummary;
  readonly insurer: InsurerHealth;
  readonly outbox: OutboxBacklog;
  readonly customers: Status['customers'];
}

export const getOpsOverview = async ({
  ctx,
  input,
}: VerbArgs<{ limit: number; after?: string | undefined }>): Promise<OpsOverview> => {
  await requireAdmin(ctx);
  const views: LifecycleView[] = [];
  let first: Status | undefined;
  for (let after: string | undefined; ;) {
    const status = await getStatus({ ctx, input: { limit: WALK_PAGE, after } });
    first ??= status;
    views.push(...status.customers.items.map((c) => c.insurance));
    if (status.customers.next === null) break;
    after = status.customers.next;
  }
  const page = await getStatus({ ctx, input });
  return {
    at: ctx.clock.now(),
    system: (first ?? page).system,
    summary: summarizeInsurance(views, ctx.clock.now()),
    insurer: ctx.lifecycle.insurer.health(),
    outbox: await ctx.store.read((r) => r.outboxBacklog()),
    customers: page.customers,
  };
};
