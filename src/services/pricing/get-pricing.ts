/** An operator reads every pricing version of a customer, oldest first. */
import type { PricingVersionRow } from '../../adapters/store/interface.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { pricingVersionsOf } from './pricing-versions.ts';

export const getPricing = async ({
  ctx,
  input,
}: VerbArgs<{ customerId: string }>): Promise<readonly PricingVersionRow[]> => {
  await requireAdmin(ctx);
  return pricingVersionsOf(ctx, input.customerId);
};
