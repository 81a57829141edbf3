/** A customer by id from committed data, or TAI-CUSTOMER-NOT-FOUND. For verbs that have checked their actor. */
import type { Customer } from '../../domain/customer/types.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { ServiceContext } from '../context.ts';

export const findCustomer = async (ctx: ServiceContext, customerId: string): Promise<Customer> => {
  const customer = await ctx.store.read((r) => r.forCustomer(customerId).get());
  if (!customer) throw new DomainError('TAI-CUSTOMER-NOT-FOUND', { detail: customerId });
  return customer;
};
