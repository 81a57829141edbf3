/** Verifies the audit chain that remains, from its prune anchor (if any) to the current head. */
import { verifyAuditChain, type PruneAnchor } from '../../domain/receipts/audit-anchor.ts';
import type { AuditChainVerdict, AuditRow } from '../../domain/receipts/audit-chain.ts';
import { publicPart } from '../../domain/receipts/keys.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { AUDIT_PAGE, toAuditRow } from './audit-rows.ts';

/** Verifies the whole remaining chain from its prune anchor (if any) to the current head. */
export const verifyAuditTrail = async ({
  ctx,
  input,
}: VerbArgs<{ onProgress?: (checked: number) => void }>): Promise<AuditChainVerdict & { anchoredAt: number }> => {
  await requireAdmin(ctx);
  const { onProgress } = input;
  const anchorRow = await ctx.store.read((r) => r.latestAuditAnchor());
  const anchor = anchorRow ? (JSON.parse(anchorRow.anchor) as PruneAnchor) : undefined;
  const keys = ctx.signer.keyring().map((e) => publicPart(e.key));
  const rows: AuditRow[] = [];
  for (let from = (anchorRow?.throughSeq ?? 0) + 1; ;) {
    const page = await ctx.store.read((r) => r.auditRange(from, AUDIT_PAGE));
    rows.push(...page.map(toAuditRow));
    onProgress?.(rows.length);
    const last = page.at(-1);
    if (page.length < AUDIT_PAGE || !last) break;
    from = last.seq + 1;
  }
  const verdict = verifyAuditChain(rows, anchor === undefined ? {} : { anchor, keys });
  return { ...verdict, anchoredAt: anchorRow?.throughSeq ?? 0 };
};
