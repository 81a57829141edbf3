/** Validates and stores a new immutable pricing version with its effective-from date. */
import { validatePricingConfig } from '../../domain/pricing/index.ts';
import { nowIso, type VerbArgs } from '../context.ts';
import { requireCustomer } from '../customers/require-customer.ts';

export interface StoredPricing {
  readonly version: number;
  readonly effectiveFrom: string;
}

export const storePricing = async ({
  ctx,
  input,
}: VerbArgs<{ customerId: string; document: unknown }>): Promise<StoredPricing> => {
  const config = validatePricingConfig(input.document);
  const version = await ctx.store.transaction(async (tx) => {
    const { scope } = await requireCustomer(tx, input.customerId);
    return scope.insertPricingVersion(config.effectiveFrom, config, nowIso(ctx));
  });
  return { version, effectiveFrom: config.effectiveFrom };
};
