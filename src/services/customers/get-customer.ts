/** Reads one customer (admin: any id; customer: its own, through its scope). */
import type { Customer } from '../../domain/customer/types.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { VerbArgs } from '../context.ts';

export const getCustomer = async ({ ctx, input }: VerbArgs<{ customerId: string }>): Promise<Customer> => {
  const customer = await ctx.store.read((r) => r.forCustomer(input.customerId).get());
  if (!customer) throw new DomainError('TAI-CUSTOMER-NOT-FOUND', { detail: input.customerId });
  return customer;
};
