/**
 * Prunes audit events older than a cutoff. It first records a signed anchor naming the last pruned row's
 * hash, in the same transaction as the deletion, so the remaining chain still verifies.
 */
import type { AuditRow as StoredAuditRow } from '../../adapters/store/interface.ts';
import { signPruneAnchor, type PruneAnchor } from '../../domain/receipts/audit-anchor.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { AUDIT_PAGE } from './audit-rows.ts';
import { recordAudit } from './record-audit.ts';

/** Prunes events older than `beforeIso`. Returns how many were deleted and the anchor (null when none were old enough). */
export const pruneAuditTrail = async ({
  ctx,
  input,
}: VerbArgs<{ beforeIso: string }>): Promise<{ deleted: number; anchor: PruneAnchor | null }> => {
  await requireAdmin(ctx);
  const { beforeIso } = input;
  return ctx.store.transaction(async (tx) => {
    await tx.lockAudit();
    const old = await tx.auditEvents({ limit: 1, to: beforeIso, afterSeq: undefined });
    if (old.length === 0) return { deleted: 0, anchor: null };
    // The last row older than the cutoff: everything up to it goes.
    let last: StoredAuditRow | undefined;
    for (let after = 0; ;) {
      const page = await tx.auditEvents({ limit: AUDIT_PAGE, afterSeq: after, to: beforeIso });
      if (page.length === 0) break;
      last = page.at(-1);
      after = last?.seq ?? after;
      if (page.length < AUDIT_PAGE) break;
    }
    if (!last) return { deleted: 0, anchor: null };
    const anchor = signPruneAnchor({ seq: last.seq, hash: last.hash }, ctx.clock.now(), ctx.signer.active());
    const deleted = await tx.pruneAudit({
      throughSeq: last.seq,
      lastHash: last.hash,
      anchor: JSON.stringify(anchor),
      createdAt: anchor.at,
    });
    await recordAudit(tx, ctx, {
      type: 'audit.pruned',
      actor: ctx.actor,
      customerId: null,
      outcome: 'success',
      details: { throughSeq: last.seq, deleted, before: beforeIso },
    });
    return { deleted, anchor };
  });
};
