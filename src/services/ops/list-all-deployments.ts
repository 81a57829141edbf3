/** Every customer's deployments, newest first, a page at a time (admin: the ops dashboard). */
import type { Page, PageQuery } from '../../adapters/store/interface.ts';
import type { Deployment } from '../../domain/deployment/index.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';

export const listAllDeployments = async ({ ctx, input }: VerbArgs<PageQuery>): Promise<Page<Deployment>> => {
  await requireAdmin(ctx);
  return ctx.store.read((r) => r.deploymentsAcross(input));
};
