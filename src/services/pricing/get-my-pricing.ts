/** The customer's own pricing versions, oldest first (scope pricing:read). */
import type { PricingVersionRow } from '../../adapters/store/interface.ts';
import { requireScope } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { pricingVersionsOf } from './pricing-versions.ts';

export const getMyPricing = async ({ ctx }: VerbArgs<Record<string, never>>): Promise<readonly PricingVersionRow[]> => {
  const actor = await requireScope(ctx, 'pricing:read');
  return pricingVersionsOf(ctx, actor.customerId);
};
