/**
 * A customer's revenue schedule as the ledger holds it: per accounting period billed, recognized and the
 * deferred balance it opened and closed with (the waterfall), and every entry with its evidence.
 */
import type { RevenueTermsRow } from '../../adapters/store/ports/revenue.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { minorUnitFor } from '../../domain/revenue/parse.ts';
import type { RevenueEntry } from '../../domain/revenue/types.ts';
import { waterfall } from '../../domain/revenue/waterfall.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';

interface CustomerRevenue {
  readonly customerId: string;
  readonly currency: string;
  readonly terms: readonly RevenueTermsRow[];
  readonly waterfall: ReturnType<typeof waterfall>;
  readonly entries: readonly RevenueEntry[];
}

export const getCustomerRevenue = async ({
  ctx,
  input,
}: VerbArgs<{ customerId: string }>): Promise<CustomerRevenue> => {
  await requireAdmin(ctx);
  const scope = ctx.store.scope(input.customerId);
  if ((await scope.get()) === undefined) throw new DomainError('TAI-CUSTOMER-NOT-FOUND', { detail: input.customerId });
  const terms = await scope.revenueTerms();
  const doc = terms[0]?.document as { currency?: unknown } | undefined;
  if (doc === undefined || typeof doc.currency !== 'string') {
    throw new DomainError('TAI-REVENUE-NO-TERMS', { detail: input.customerId });
  }
  const entries = await scope.revenueEntries();
  return {
    customerId: input.customerId,
    currency: doc.currency,
    terms,
    waterfall: waterfall(entries, minorUnitFor(doc.currency)),
    entries,
  };
};
