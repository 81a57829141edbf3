/** An operator reads a customer's contract in force (the latest recorded). */
import type { Contract } from '../../domain/customer/types.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { contractInForce } from './contract-in-force.ts';

export const getContract = async ({ ctx, input }: VerbArgs<{ customerId: string }>): Promise<Contract> => {
  await requireAdmin(ctx);
  return contractInForce(ctx, input.customerId);
};
