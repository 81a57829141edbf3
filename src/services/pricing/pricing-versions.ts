/** Every pricing version of a customer, oldest first, or TAI-PRICING-NOT-FOUND. For verbs that checked their actor. */
import type { PricingVersionRow } from '../../adapters/store/interface.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { ServiceContext } from '../context.ts';

export const pricingVersionsOf = async (
  ctx: ServiceContext,
  customerId: string,
): Promise<readonly PricingVersionRow[]> => {
  const versions = await ctx.store.read((r) => r.forCustomer(customerId).pricingVersions());
  if (versions.length === 0) throw new DomainError('TAI-PRICING-NOT-FOUND', { detail: customerId });
  return versions;
};
