/** Rotates the receipt signing key: new receipts and checkpoints use a fresh key; old public keys stay published. */
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';

export const rotateReceiptKey = async (ctx: ServiceContext): Promise<{ activeKid: string; retiredKid: string }> => {
  const retiredKid = ctx.signer.active().kid;
  // The file is replaced atomically first; only then does the audit record the rotation.
  const fresh = ctx.signer.rotate(ctx.clock.now());
  await ctx.store.transaction((tx) =>
    recordAudit(tx, ctx, {
      type: 'receipts.key_rotated',
      actor: { kind: 'admin' },
      customerId: null,
      outcome: 'success',
      details: { retiredKid, activeKid: fresh.kid },
    }),
  );
  return { activeKid: fresh.kid, retiredKid };
};
