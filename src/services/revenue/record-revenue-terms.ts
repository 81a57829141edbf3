/**
 * Records the next version of a customer's revenue terms. The whole history with the new version is
 * checked by the domain (compileHistory): a first version takes effect on its service start, a later one
 * names its modification and takes effect inside the service period. Versions are never edited; the
 * version and its audit event commit together.
 */
import { compileHistory } from '../../domain/revenue/history.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireAdmin } from '../auth/require.ts';
import { nowIso, type VerbArgs } from '../context.ts';
import { requireCustomer } from '../customers/require-customer.ts';

interface RecordRevenueTermsInput {
  readonly customerId: string;
  readonly document: unknown;
}

export const recordRevenueTerms = async ({
  ctx,
  input,
}: VerbArgs<RecordRevenueTermsInput>): Promise<{ version: number; effectiveFrom: string }> => {
  await requireAdmin(ctx);
  return ctx.store.transaction(async (tx) => {
    const { scope } = await requireCustomer(tx, input.customerId);
    await scope.lock();
    const held = await scope.revenueTerms();
    const versions = [...held.map((r) => ({ version: r.version, document: r.document }))];
    const compiled = compileHistory([...versions, { version: held.length + 1, document: input.document }]);
    const terms = compiled[compiled.length - 1];
    if (terms === undefined) throw new Error('compileHistory returned no version');
    const version = await scope.insertRevenueTerms(
      terms.contractReference,
      terms.effectiveFrom,
      input.document,
      nowIso(ctx),
    );
    await recordAudit(tx, ctx, {
      type: 'revenue.terms_recorded',
      actor: ctx.actor,
      customerId: input.customerId,
      outcome: 'success',
      details: {
        version,
        contractReference: terms.contractReference,
        effectiveFrom: terms.effectiveFrom,
        modification: terms.modification,
      },
    });
    return { version, effectiveFrom: terms.effectiveFrom };
  });
};
