/** The customer's own marketplace listings, oldest first, paged. */
import type { Page, PageQuery } from '../../adapters/store/interface.ts';
import type { Listing } from '../../domain/listing/types.ts';
import { requireScope } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';

export const listListings = async ({ ctx, input }: VerbArgs<PageQuery>): Promise<Page<Listing>> => {
  const actor = await requireScope(ctx, 'marketplace:read');
  return ctx.store.read((r) => r.forCustomer(actor.customerId).listings(input));
};
