/** An operator reads one customer. */
import type { Customer } from '../../domain/customer/types.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { findCustomer } from './find-customer.ts';

export const getCustomer = async ({ ctx, input }: VerbArgs<{ customerId: string }>): Promise<Customer> => {
  await requireAdmin(ctx);
  return findCustomer(ctx, input.customerId);
};
