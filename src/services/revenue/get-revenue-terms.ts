/** An operator reads every version of a customer's revenue terms, in version order. */
import type { RevenueTermsRow } from '../../adapters/store/ports/revenue.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';

export const getRevenueTerms = async ({
  ctx,
  input,
}: VerbArgs<{ customerId: string }>): Promise<readonly RevenueTermsRow[]> => {
  await requireAdmin(ctx);
  const scope = ctx.store.scope(input.customerId);
  if ((await scope.get()) === undefined) throw new DomainError('TAI-CUSTOMER-NOT-FOUND', { detail: input.customerId });
  return scope.revenueTerms();
};
