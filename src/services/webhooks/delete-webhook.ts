/** Removes one of the customer's endpoints (scope webhooks:write); its pending deliveries are dropped as dead. */
import { DomainError } from '../../domain/errors/domain-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireScope } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';

export const deleteWebhook = async ({ ctx, input }: VerbArgs<{ readonly id: string }>): Promise<void> => {
  const actor = await requireScope(ctx, 'webhooks:write');
  await ctx.store.transaction(async (tx) => {
    if (!(await tx.deleteWebhookEndpoint(actor.customerId, input.id)))
      throw new DomainError('TAI-NOTIFY-WEBHOOK-NOT-FOUND', { detail: input.id });
    await recordAudit(tx, ctx, {
      type: 'webhook.deleted',
      actor,
      customerId: actor.customerId,
      outcome: 'success',
      details: { endpoint: input.id },
    });
  });
};
