/** An operator's status page: the system switch and every customer's insurance standing, a page at a time. */
import type { Page, PageQuery } from '../../adapters/store/interface.ts';
import type { LifecycleView } from '../../domain/certificate/index.ts';
import type { Customer, Mode } from '../../domain/customer/types.ts';
import { effectiveMode, type SystemReadOnly } from '../../domain/mode/index.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { readOnlyBanner } from './authorize.ts';
import { insuranceViewOf } from './insurance-view.ts';

interface StatusPage {
  readonly system: {
    readonly readOnly: SystemReadOnly | null;
    readonly reason: string | null;
    readonly lastInsurerSuccessAt: number | null;
    readonly maxMode: Mode;
  };
  readonly customers: Page<{ customer: Customer; effectiveMode: Mode; insurance: LifecycleView }>;
}

export const getStatus = async ({ ctx, input }: VerbArgs<PageQuery>): Promise<StatusPage> => {
  await requireAdmin(ctx);
  const { state, maxMode } = ctx.lifecycle;
  const page = await ctx.store.read((r) => r.listCustomers(input));
  const items = await Promise.all(
    page.items.map(async (customer) => ({
      customer,
      effectiveMode: effectiveMode(customer.mode, maxMode),
      insurance: await insuranceViewOf(ctx, customer.id),
    })),
  );
  return {
    system: {
      readOnly: state.systemReadOnly(ctx.clock.now()),
      reason: readOnlyBanner(ctx, null)?.reason ?? null,
      lastInsurerSuccessAt: state.lastInsurerSuccessAt(),
      maxMode,
    },
    customers: { items, next: page.next },
  };
};
