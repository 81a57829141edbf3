/** The customer's contract in force (the latest recorded). */
import type { Contract } from '../../domain/customer/types.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { VerbArgs } from '../context.ts';

export const getContract = async ({ ctx, input }: VerbArgs<{ customerId: string }>): Promise<Contract> => {
  const contract = await ctx.store.read((r) => r.forCustomer(input.customerId).currentContract());
  if (!contract) throw new DomainError('TAI-CONTRACT-NOT-FOUND', { detail: input.customerId });
  return contract;
};
