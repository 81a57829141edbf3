/** Lists customers for operators, in id (creation) order, a page at a time. */
import type { Page } from '../../adapters/store/interface.ts';
import type { Customer } from '../../domain/customer/types.ts';
import type { VerbArgs } from '../context.ts';
import { requireAdmin } from '../auth/require.ts';

export const listCustomers = async ({
  ctx,
  input,
}: VerbArgs<{ limit: number; after?: string | undefined }>): Promise<Page<Customer>> => {
  await requireAdmin(ctx);
  return ctx.store.read((r) => r.listCustomers({ limit: input.limit, after: input.after }));
};
