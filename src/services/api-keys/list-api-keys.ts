/** An operator lists a customer's API keys: ids, scopes and dates, never their secrets. */
import type { ApiKey } from '../../domain/customer/types.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { findCustomer } from '../customers/find-customer.ts';

export const listApiKeys = async ({ ctx, input }: VerbArgs<{ customerId: string }>): Promise<readonly ApiKey[]> => {
  await requireAdmin(ctx);
  await findCustomer(ctx, input.customerId);
  return ctx.store.read((r) => r.forCustomer(input.customerId).apiKeys());
};
