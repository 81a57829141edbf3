/** One of the customer's own deployments: state, outcome, receipts. Another customer's id is not found. */
import type { Deployment } from '../../domain/deployment/index.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { requireScope } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';

export const getDeployment = async ({ ctx, input }: VerbArgs<{ deploymentId: string }>): Promise<Deployment> => {
  const actor = await requireScope(ctx, 'deploy:read');
  const d = await ctx.store.read((r) => r.forCustomer(actor.customerId).deployment(input.deploymentId));
  if (!d) throw new DomainError('TAI-DEPLOYMENT-NOT-FOUND', { detail: input.deploymentId });
  return d;
};
