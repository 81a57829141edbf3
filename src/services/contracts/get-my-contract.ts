/** The customer's own contract in force (scope account:read). */
import type { Contract } from '../../domain/customer/types.ts';
import { requireScope } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { contractInForce } from './contract-in-force.ts';

export const getMyContract = async ({ ctx }: VerbArgs<Record<string, never>>): Promise<Contract> => {
  const actor = await requireScope(ctx, 'account:read');
  return contractInForce(ctx, actor.customerId);
};
