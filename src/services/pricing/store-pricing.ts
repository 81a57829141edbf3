/** Validates and stores a new immutable pricing version with its effective-from date. */
import { validatePricingConfig } from '../../domain/pricing/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso, type VerbArgs } from '../context.ts';
import { requireCustomer } from '../customers/require-customer.ts';
import { ensureConfigurable } from '../lifecycle/authorize.ts';
import { requireAdmin } from '../auth/require.ts';

interface StoredPricing {
  readonly version: number;
  readonly effectiveFrom: string;
}

export const storePricing = async ({
  ctx,
  input,
}: VerbArgs<{ customerId: string; document: unknown }>): Promise<StoredPricing> => {
  await requireAdmin(ctx);
  const config = validatePricingConfig(input.document);
  const version = await ctx.store.transaction(async (tx) => {
    const { scope, customer } = await requireCustomer(tx, input.customerId);
    ensureConfigurable(ctx, customer);
    const v = await scope.insertPricingVersion(config.effectiveFrom, config, nowIso(ctx));
    await recordAudit(tx, ctx, {
      type: 'onboarding.pricing_stored',
      actor: ctx.actor,
      customerId: input.customerId,
      outcome: 'success',
      details: { version: v, effectiveFrom: config.effectiveFrom },
    });
    return v;
  });
  return { version, effectiveFrom: config.effectiveFrom };
};
