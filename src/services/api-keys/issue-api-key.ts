/** Issues a scoped API key; the secret is returned once and only its hash is kept. */
import type { ApiKey, Scope } from '../../domain/customer/types.ts';
import { newId } from '../../domain/shared/ids.ts';
import { formatApiKeyToken, newSecret, sha256Hex } from '../auth/secrets.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso, type VerbArgs } from '../context.ts';
import { requireCustomer } from '../customers/require-customer.ts';
import { requireAdmin } from '../auth/require.ts';

interface IssuedApiKey {
  readonly key: ApiKey;
  /** The bearer token to give the customer: shown once, never stored. */
  readonly secret: string;
}

export const issueApiKey = async ({
  ctx,
  input,
}: VerbArgs<{ customerId: string; scopes: readonly Scope[] }>): Promise<IssuedApiKey> => {
  await requireAdmin(ctx);
  const key: ApiKey = {
    id: newId('key', ctx.clock.now()),
    customerId: input.customerId,
    scopes: [...new Set(input.scopes)].sort(),
    createdAt: nowIso(ctx),
    revokedAt: null,
    lastUsedAt: null,
  };
  const secret = newSecret();
  await ctx.store.transaction(async (tx) => {
    const { scope } = await requireCustomer(tx, input.customerId);
    await scope.insertApiKey(key, sha256Hex(secret));
    await recordAudit(tx, ctx, {
      type: 'onboarding.api_key_issued',
      actor: ctx.actor,
      customerId: input.customerId,
      outcome: 'success',
      details: { keyId: key.id, scopes: [...key.scopes] },
    });
  });
  return { key, secret: formatApiKeyToken(key.id, secret) };
};
