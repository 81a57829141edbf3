/**
 * A customer registers a webhook endpoint (scope webhooks:write): the URL must pass the profile's policy
 * (production: https and public addresses only; checked again on every connection), and the `whsec_`
 * signing secret is returned this once.
 */
import { sealSecret, webhookSecretsKey } from '../../adapters/keys/sealed-secret.ts';
import { newWebhookSecret } from '../../adapters/notifier/channels/webhook/sign.ts';
import { checkWebhookUrl, type UrlPolicy } from '../../adapters/notifier/channels/webhook/url-policy.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { newId } from '../../domain/shared/ids.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireScope } from '../auth/require.ts';
import { nowIso, type VerbArgs } from '../context.ts';
import { endpointView, type EndpointView } from './endpoint-view.ts';

interface RegisterInput {
  readonly url: string;
  /** Notification types, or `*` for every one. */
  readonly events: readonly string[];
  readonly policy: UrlPolicy;
}

export const registerWebhook = async ({
  ctx,
  input,
}: VerbArgs<RegisterInput>): Promise<EndpointView & { readonly secret: string }> => {
  const actor = await requireScope(ctx, 'webhooks:write');
  const checked = checkWebhookUrl(input.url, input.policy);
  if (!checked.ok) throw new DomainError('TAI-NOTIFY-WEBHOOK-URL-REFUSED', { detail: checked.reason });
  const at = nowIso(ctx);
  const secret = newWebhookSecret();
  const id = newId('whe', ctx.clock.now());
  const row = {
    id,
    customerId: actor.customerId,
    url: checked.url.href,
    events: [...new Set(input.events)],
    secrets: [sealSecret(webhookSecretsKey(ctx.auditSecret), secret, id)],
    status: 'enabled' as const,
    createdAt: at,
    updatedAt: at,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.insertWebhookEndpoint(row);
    await recordAudit(tx, ctx, {
      type: 'webhook.registered',
      actor,
      customerId: actor.customerId,
      outcome: 'success',
      details: { endpoint: row.id, events: row.events.length },
    });
  });
  return { ...endpointView(row), secret };
};
