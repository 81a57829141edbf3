/**
 * The usage report: a customer's own (scope usage:read) or any customer's (admin), built from the hourly
 * aggregates already flushed to the store. What the accumulator holds since the last flush (a minute at
 * most) is not in it yet.
 */
import { findCustomer } from '../customers/find-customer.ts';
import { requireAdmin, requireScope } from '../auth/require.ts';
import type { ServiceContext, VerbArgs } from '../context.ts';
import { parseDayRange } from '../../domain/usage/range.ts';
import { buildUsageReport, type UsageReport } from '../../domain/usage/report.ts';

interface RangeInput {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

const reportFor = async (ctx: ServiceContext, customerId: string, input: RangeInput): Promise<UsageReport> => {
  const range = parseDayRange(input.from, input.to, ctx.clock.now());
  const [cells, contract] = await ctx.store.read((r) =>
    Promise.all([
      r.usageCells(customerId, `${range.from}T00`, `${range.to}T00`),
      r.forCustomer(customerId).currentContract(),
    ]),
  );
  return buildUsageReport(customerId, range, cells, contract?.document.features ?? []);
};

export const getMyUsage = async ({ ctx, input }: VerbArgs<RangeInput>): Promise<UsageReport> => {
  const actor = await requireScope(ctx, 'usage:read');
  return reportFor(ctx, actor.customerId, input);
};

export const getCustomerUsage = async ({
  ctx,
  input,
}: VerbArgs<RangeInput & { readonly customerId: string }>): Promise<UsageReport> => {
  await requireAdmin(ctx);
  await findCustomer(ctx, input.customerId);
  return reportFor(ctx, input.customerId, input);
};
