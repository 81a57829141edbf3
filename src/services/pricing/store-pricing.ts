/** Stores a new immutable pricing version with its effective-from date. */
import { DomainError } from '../../domain/errors/domain-error.ts';
import { nowIso, type VerbArgs } from '../context.ts';
import { requireCustomer } from '../customers/require-customer.ts';

export interface StoredPricing {
  readonly version: number;
  readonly effectiveFrom: string;
}

export const storePricing = async ({
  ctx,
  input,
}: VerbArgs<{ customerId: string; document: Record<string, unknown> }>): Promise<StoredPricing> => {
  const effectiveFrom = input.document['effectiveFrom'];
  if (typeof effectiveFrom !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom)) {
    throw new DomainError('TAI-REQ-VALIDATION', {
      path: '/effectiveFrom',
      message: 'effectiveFrom must be a date YYYY-MM-DD.',
    });
  }
  const version = await ctx.store.transaction(async (tx) => {
    const { scope } = await requireCustomer(tx, input.customerId);
    return scope.insertPricingVersion(effectiveFrom, input.document, nowIso(ctx));
  });
  return { version, effectiveFrom };
};
