/**
 * A new signing secret for an endpoint (scope webhooks:write), returned this once. The previous secret
 * keeps signing beside it (two signatures on every delivery) until the next rotation drops it, so the
 * consumer can switch without missing a delivery. Rotating re-enables an endpoint a 410 disabled.
 */
import { sealSecret, webhookSecretsKey } from '../../adapters/keys/sealed-secret.ts';
import { newWebhookSecret } from '../../adapters/notifier/channels/webhook/sign.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireScope } from '../auth/require.ts';
import { nowIso, type VerbArgs } from '../context.ts';
import { endpointView, type EndpointView } from './endpoint-view.ts';

export const rotateWebhookSecret = async ({
  ctx,
  input,
}: VerbArgs<{ readonly id: string }>): Promise<EndpointView & { readonly secret: string }> => {
  const actor = await requireScope(ctx, 'webhooks:write');
  const secret = newWebhookSecret();
  const row = await ctx.store.transaction(async (tx) => {
    const e = await tx.webhookEndpoint(actor.customerId, input.id);
    if (e === undefined) throw new DomainError('TAI-NOTIFY-WEBHOOK-NOT-FOUND', { detail: input.id });
    const next = {
      ...e,
      secrets: [sealSecret(webhookSecretsKey(ctx.auditSecret), secret, e.id), ...e.secrets.slice(0, 1)],
      status: 'enabled' as const,
      updatedAt: nowIso(ctx),
    };
    await tx.updateWebhookEndpoint(next);
    await recordAudit(tx, ctx, {
      type: 'webhook.secret_rotated',
      actor,
      customerId: actor.customerId,
      outcome: 'success',
      details: { endpoint: e.id },
    });
    return next;
  });
  return { ...endpointView(row), secret };
};
