/** The customer's own record (scope account:read). */
import type { Customer } from '../../domain/customer/types.ts';
import { requireScope } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { findCustomer } from './find-customer.ts';

export const getMe = async ({ ctx }: VerbArgs<Record<string, never>>): Promise<Customer> => {
  const actor = await requireScope(ctx, 'account:read');
  return findCustomer(ctx, actor.customerId);
};
