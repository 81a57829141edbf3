/**
 * Reading, verifying and pruning the audit trail. Pruning first records a signed anchor naming the last
 * pruned row's hash, in the same transaction as the deletion, so the remaining chain still verifies.
 */
import type { AuditQuery, AuditRow as StoredAuditRow } from '../../adapters/store/interface.ts';
import { signPruneAnchor, verifyAuditChain, type PruneAnchor } from '../../domain/receipts/audit-anchor.ts';
import {
  pseudonymize,
  type AuditChainVerdict,
  type AuditOutcome,
  type AuditRow,
} from '../../domain/receipts/audit-chain.ts';
import type { JsonValue } from '../../domain/shared/canonical-json.ts';
import { publicPart } from '../../domain/receipts/keys.ts';
import type { ServiceContext } from '../context.ts';
import { recordAudit } from './record-audit.ts';

/** The store's audit query, naming a customer by id: the pseudonym is derived here, never by the caller. */
export type AuditFilter = Omit<AuditQuery, 'customerPseudonym'> & { readonly customerId?: string | undefined };

export const toAuditRow = (r: StoredAuditRow): AuditRow => ({
  ...r,
  outcome: r.outcome as AuditOutcome,
  details: JSON.parse(r.details) as { readonly [k: string]: JsonValue },
});

export const queryAudit = async (
  ctx: ServiceContext,
  f: AuditFilter,
): Promise<{ items: AuditRow[]; next: number | null }> => {
  const rows = await ctx.store.read((r) =>
    r.auditEvents({
      ...f,
      limit: f.limit + 1,
      customerPseudonym: f.customerId === undefined ? undefined : pseudonymize(f.customerId, ctx.auditSecret),
    }),
  );
  const items = rows.slice(0, f.limit).map(toAuditRow);
  return { items, next: rows.length > f.limit ? (items.at(-1)?.seq ?? null) : null };
};

const PAGE = 5000;

/** Verifies the whole remaining chain from its prune anchor (if any) to the current head. */
export const verifyAuditTrail = async (
  ctx: ServiceContext,
  onProgress?: (checked: number) => void,
): Promise<AuditChainVerdict & { anchoredAt: number }> => {
  const anchorRow = await ctx.store.read((r) => r.latestAuditAnchor());
  const anchor = anchorRow ? (JSON.parse(anchorRow.anchor) as PruneAnchor) : undefined;
  const keys = ctx.signer.keyring().map((e) => publicPart(e.key));
  const rows: AuditRow[] = [];
  for (let from = (anchorRow?.throughSeq ?? 0) + 1; ;) {
    const page = await ctx.store.read((r) => r.auditRange(from, PAGE));
    rows.push(...page.map(toAuditRow));
    onProgress?.(rows.length);
    const last = page.at(-1);
    if (page.length < PAGE || !last) break;
    from = last.seq + 1;
  }
  const verdict = verifyAuditChain(rows, anchor === undefined ? {} : { anchor, keys });
  return { ...verdict, anchoredAt: anchorRow?.throughSeq ?? 0 };
};

/** Prunes events older than `beforeIso`. Returns how many were deleted and the anchor (null when none were old enough). */
export const pruneAuditTrail = async (
  ctx: ServiceContext,
  beforeIso: string,
): Promise<{ deleted: number; anchor: PruneAnchor | null }> =>
  ctx.store.transaction(async (tx) => {
    await tx.lockAudit();
    const old = await tx.auditEvents({ limit: 1, to: beforeIso, afterSeq: undefined });
    if (old.length === 0) return { deleted: 0, anchor: null };
    // The last row older than the cutoff: everything up to it goes.
    let last: StoredAuditRow | undefined;
    for (let after = 0; ;) {
      const page = await tx.auditEvents({ limit: PAGE, afterSeq: after, to: beforeIso });
      if (page.length === 0) break;
      last = page.at(-1);
      after = last?.seq ?? after;
      if (page.length < PAGE) break;
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
      actor: 'system',
      customerId: null,
      outcome: 'success',
      details: { throughSeq: last.seq, deleted, before: beforeIso },
    });
    return { deleted, anchor };
  });
