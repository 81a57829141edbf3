/**
 * Marks a receipt signing key compromised (POST /v1/admin/receipt-keys/{kid}/revoke): from
 * `compromisedAt` on, nothing it signed counts (tai verify judges that by witnessed time). Revoking the
 * active key rotates to a fresh one first, so the service never signs with a compromised key. The key
 * file is replaced atomically before the audit records the revocation.
 */
import { recordAudit } from '../audit/record-audit.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';

interface RevokeReceiptKeyInput {
  readonly kid: string;
  readonly compromisedAt: string;
}

interface RevokedReceiptKey {
  readonly kid: string;
  readonly compromisedAt: string;
  readonly activeKid: string;
}

export const revokeReceiptKey = async ({ ctx, input }: VerbArgs<RevokeReceiptKeyInput>): Promise<RevokedReceiptKey> => {
  await requireAdmin(ctx);
  const active = ctx.signer.revoke(input.kid, input.compromisedAt, ctx.clock.now());
  const entry = ctx.signer.keyring().find((e) => e.key.kid === input.kid);
  const compromisedAt = entry?.compromisedAt ?? input.compromisedAt;
  await ctx.store.transaction((tx) =>
    recordAudit(tx, ctx, {
      type: 'receipts.key_revoked',
      actor: ctx.actor,
      customerId: null,
      outcome: 'success',
      details: { kid: input.kid, compromisedAt, activeKid: active.kid },
    }),
  );
  return { kid: input.kid, compromisedAt, activeKid: active.kid };
};
