/** Revokes a customer's API key; later requests with it get TAI-AUTH-REVOKED. */
import { DomainError } from '../../domain/errors/domain-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso, type VerbArgs } from '../context.ts';
import { requireCustomer } from '../customers/require-customer.ts';
import { requireAdmin } from '../auth/require.ts';

export const revokeApiKey = async ({ ctx, input }: VerbArgs<{ customerId: string; keyId: string }>): Promise<void> => {
  await requireAdmin(ctx);
  await ctx.store.transaction(async (tx) => {
    const { scope } = await requireCustomer(tx, input.customerId);
    if (!(await scope.revokeApiKey(input.keyId, nowIso(ctx)))) {
      const known = (await scope.apiKeys()).some((k) => k.id === input.keyId);
      // Revoking twice is not an error: the key is revoked either way.
      if (!known) throw new DomainError('TAI-API-KEY-NOT-FOUND', { detail: `${input.customerId}/${input.keyId}` });
      return;
    }
    await recordAudit(tx, ctx, {
      type: 'onboarding.api_key_revoked',
      actor: ctx.actor,
      customerId: input.customerId,
      outcome: 'success',
      details: { keyId: input.keyId },
    });
  });
};
