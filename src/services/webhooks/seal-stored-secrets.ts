/**
 * Seals webhook signing secrets stored in plain text before they were sealed at rest (the rows of
 * migration 009, written before the services sealed what they store). A migration cannot do it: the key
 * is derived from the audit secret, which the store never sees. So the service runs this once at
 * start-up, before delivery starts, in one transaction that also records it is done; a later start only
 * reads that record. Values already sealed are left as they are.
 */
import { isSealed, sealSecret, webhookSecretsKey } from '../../adapters/keys/sealed-secret.ts';
import { nowIso, type ServiceContext } from '../context.ts';

export const WEBHOOK_SECRETS_SEALED_SETTING = 'webhook_secrets_sealed_at';

/** Returns how many endpoints had a secret sealed now. */
export const sealStoredWebhookSecrets = async (ctx: ServiceContext): Promise<number> => {
  if ((await ctx.store.read((r) => r.getSetting(WEBHOOK_SECRETS_SEALED_SETTING))) !== undefined) return 0;
  const key = webhookSecretsKey(ctx.auditSecret);
  return ctx.store.transaction(async (tx) => {
    if ((await tx.getSetting(WEBHOOK_SECRETS_SEALED_SETTING)) !== undefined) return 0;
    let sealed = 0;
    let after: string | undefined;
    do {
      const page = await tx.listCustomers({ limit: 500, after });
      for (const c of page.items) {
        for (const e of await tx.webhookEndpoints(c.id)) {
          if (e.secrets.every(isSealed)) continue;
          await tx.updateWebhookEndpoint({
            ...e,
            secrets: e.secrets.map((s) => (isSealed(s) ? s : sealSecret(key, s, e.id))),
          });
          sealed++;
        }
      }
      after = page.next ?? undefined;
    } while (after !== undefined);
    await tx.putSetting(WEBHOOK_SECRETS_SEALED_SETTING, nowIso(ctx));
    return sealed;
  });
};
