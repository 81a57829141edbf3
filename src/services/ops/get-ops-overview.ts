/**
 * The ops dashboard's overview (admin): the system's mode and why, every customer's insurance summarized,
 * the insurer client's health (breaker, calls against the provider's limit), the outbox backlog, and one
 * page of customers with their standing. The summary reads the store in aggregate: one count of customers
 * (and of those with no certificate record yet), then the certificate records alone, a large page at a
 * time. A state is derived from a record's dates at this instant (a stored state is never trusted), so the
 * records are summarized by the domain, not grouped by a stored column.
 */
import type { InsurerHealth } from '../../adapters/insurer/interface.ts';
import type { LifecycleRow } from '../../adapters/store/interface.ts';
import type { OutboxBacklog } from '../../adapters/store/ports/delivery.ts';
import {
  lifecycleView,
  newCertificateRecord,
  type CertificateRecord,
  type LifecyclePolicy,
  type LifecycleView,
} from '../../domain/certificate/index.ts';
import { summarizeInsurance, type InsuranceSummary } from '../../domain/ops/overview.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { getStatus } from '../lifecycle/get-status.ts';

const SCAN_PAGE = 1000;

type Status = Awaited<ReturnType<typeof getStatus>>;

export interface OpsOverview {
  readonly at: number;
  readonly system: Status['system'];
  readonly summary: InsuranceSummary;
  readonly insurer: InsurerHealth;
  readonly outbox: OutboxBacklog;
  readonly customers: Status['customers'];
}

/** Every customer's view: each stored record's, then a never-certified customer's for each without one. */
function* viewsOf(
  rows: readonly LifecycleRow[],
  untracked: number,
  nowMs: number,
  policy: LifecyclePolicy,
): Generator<LifecycleView> {
  for (const row of rows) yield lifecycleView(row.record as CertificateRecord, nowMs, policy);
  const blank = lifecycleView(newCertificateRecord('', nowMs), nowMs, policy);
  for (let i = 0; i < untracked; i++) yield blank;
}

export const getOpsOverview = async ({
  ctx,
  input,
}: VerbArgs<{ limit: number; after?: string | undefined }>): Promise<OpsOverview> => {
  await requireAdmin(ctx);
  const { tally, rows, outbox } = await ctx.store.read(async (r) => {
    const all: LifecycleRow[] = [];
    for (let after: string | undefined; ;) {
      const page = await r.lifecycles({ limit: SCAN_PAGE, after });
      all.push(...page.items);
      if (page.next === null) break;
      after = page.next;
    }
    return { tally: await r.customerTally(), rows: all, outbox: await r.outboxBacklog() };
  });
  const page = await getStatus({ ctx, input });
  const now = ctx.clock.now();
  return {
    at: now,
    system: page.system,
    summary: summarizeInsurance(viewsOf(rows, tally.untracked, now, ctx.lifecycle.policy), now),
    insurer: ctx.lifecycle.insurer.health(),
    outbox,
    customers: page.customers,
  };
};
