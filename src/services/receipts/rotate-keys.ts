/** Rotates the receipt signing key: new receipts and checkpoints use a fresh key; old public keys stay published. */
import { recordAudit } from '../audit/record-audit.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';

export const rotateReceiptKey = async ({
  ctx,
}: VerbArgs<Record<string, never>>): Promise<{ activeKid: string; retiredKid: string }> => {
  await requireAdmin(ctx);
  const retiredKid = ctx.signer.active().kid;
  // The file is replaced atomically first; only then does the audit record the rotation.
  const fresh = ctx.signer.rotate(ctx.clock.now());
  await ctx.store.transaction((tx) =>
    recordAudit(tx, ctx, {
      type: 'receipts.key_rotated',
      actor: ctx.actor,
      customerId: null,
      outcome: 'success',
      details: { retiredKid, activeKid: fresh.kid },
    }),
  );
  return { activeKid: fresh.kid, retiredKid };
};
