/** Every pricing version of a customer, oldest first. */
import type { PricingVersionRow } from '../../adapters/store/interface.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { VerbArgs } from '../context.ts';

export const getPricing = async ({
  ctx,
  input,
}: VerbArgs<{ customerId: string }>): Promise<readonly PricingVersionRow[]> => {
  const versions = await ctx.store.read((r) => r.forCustomer(input.customerId).pricingVersions());
  if (versions.length === 0) throw new DomainError('TAI-PRICING-NOT-FOUND', { detail: input.customerId });
  return versions;
};
