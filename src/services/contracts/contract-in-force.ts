/** The latest recorded contract of a customer, or TAI-CONTRACT-NOT-FOUND. For verbs that checked their actor. */
import type { Contract } from '../../domain/customer/types.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { ServiceContext } from '../context.ts';

export const contractInForce = async (ctx: ServiceContext, customerId: string): Promise<Contract> => {
  const contract = await ctx.store.read((r) => r.forCustomer(customerId).currentContract());
  if (!contract) throw new DomainError('TAI-CONTRACT-NOT-FOUND', { detail: customerId });
  return contract;
};
