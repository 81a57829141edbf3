/** The customer's own deployments, oldest first, paged. */
import type { Page, PageQuery } from '../../adapters/store/interface.ts';
import type { Deployment } from '../../domain/deployment/index.ts';
import { requireScope } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';

export const listDeployments = async ({ ctx, input }: VerbArgs<PageQuery>): Promise<Page<Deployment>> => {
  const actor = await requireScope(ctx, 'deploy:read');
  return ctx.store.read((r) => r.forCustomer(actor.customerId).deployments(input));
};
