/**
 * Offline check of a customer's revenue entries against that customer's verified receipt log: every
 * usage entry names a receipt of the log (same id at its log index, a metered kind, on its day, once;
 * a unit-day names a deploy receipt issued on or before its day, once per day);
 * every recognition entry's checkpoint is a prefix of the log (its root recomputed from the leaves) and
 * its log range is exactly the receipts issued in its month; a month with receipts but no evidence
 * fails. The caller has verified the log itself (signatures, chain, signed checkpoint).
 */
import { toHex } from '../receipts/encoding.ts';
import type { MemoryTree } from '../receipts/memory-tree.ts';
import { monthOf } from './days.ts';
import type { RevenueEntry } from './types.ts';

export interface LoggedReceipt {
  readonly id: string;
  readonly kind: string;
  readonly issuedAt: string;
}

type EvidenceVerdict =
  | { readonly ok: true; readonly entries: number; readonly usage: number; readonly months: number }
  | { readonly ok: false; readonly entryId: string; readonly reason: string };

const METERED = new Set(['publish', 'deploy']);

type Check = (e: RevenueEntry) => string | null;

export const checkRevenueEvidence = (
  customerId: string,
  entries: readonly RevenueEntry[],
  receipts: readonly LoggedReceipt[],
  tree: MemoryTree,
  onProgress?: (done: number) => void,
): EvidenceVerdict => {
  const firstOfMonth = new Map<string, number>();
  const lastOfMonth = new Map<string, number>();
  receipts.forEach((r, i) => {
    const m = monthOf(r.issuedAt);
    if (!firstOfMonth.has(m)) firstOfMonth.set(m, i);
    lastOfMonth.set(m, i);
  });
  const recognized = new Set<string>();
  const months = new Set<string>();

  const usage: Check = (e) => {
    if (e.receiptId === null || e.logIndex === null) return 'a usage entry names no receipt';
    const r = receipts[e.logIndex];
    if (r === undefined) return `receipt ${e.receiptId} is missing: the log has no index ${e.logIndex}`;
    if (r.id !== e.receiptId) return `receipt ${e.receiptId} is missing: log index ${e.logIndex} holds ${r.id}`;
    if (e.meter === 'capacity_unit_day') {
      // A unit-day names the deploy receipt of the deployment that held the capacity, on a day from its own.
      if (r.kind !== 'deploy') return `receipt ${r.id} is a ${r.kind}, not the deploy a unit-day names`;
      if (e.occurredOn < r.issuedAt.slice(0, 10))
        return `receipt ${r.id} was issued ${r.issuedAt}, after the unit-day ${e.occurredOn}`;
    } else {
      if (!METERED.has(r.kind)) return `receipt ${r.id} is a ${r.kind}, not a metered operation`;
      if (e.meter !== null && e.meter !== r.kind) return `receipt ${r.id} is a ${r.kind}, not a ${e.meter}`;
      if (r.issuedAt.slice(0, 10) !== e.occurredOn)
        return `receipt ${r.id} was issued ${r.issuedAt}, not on ${e.occurredOn}`;
    }
    if (e.corrects === null) {
      const key = e.meter === 'capacity_unit_day' ? `${r.id}|${e.occurredOn}` : r.id;
      if (recognized.has(key))
        return e.meter === 'capacity_unit_day'
          ? `receipt ${r.id} is recognized twice for the unit-day ${e.occurredOn}`
          : `receipt ${r.id} is recognized twice`;
      recognized.add(key);
    }
    return null;
  };

  const recognition: Check = (e) => {
    months.add(e.servicePeriod);
    const first = firstOfMonth.get(e.servicePeriod) ?? null;
    const last = lastOfMonth.get(e.servicePeriod) ?? null;
    if (e.logFirst !== first || e.logLast !== last) {
      return `log range ${e.logFirst ?? '-'}..${e.logLast ?? '-'} is not the receipts of ${e.servicePeriod} (${first ?? '-'}..${last ?? '-'})`;
    }
    if (last === null) return e.checkpointSize === null ? null : 'a checkpoint without receipts in its month';
    if (e.checkpointSize === null || e.checkpointRoot === null) return `no checkpoint for ${e.servicePeriod}`;
    if (e.checkpointSize <= last || e.checkpointSize > tree.size) {
      return `checkpoint size ${e.checkpointSize} does not cover ${e.servicePeriod} within the log of ${tree.size}`;
    }
    const root = toHex(tree.root(e.checkpointSize));
    return root === e.checkpointRoot ? null : `checkpoint root at ${e.checkpointSize} is not the log's (${root})`;
  };

  let usageCount = 0;
  for (const [i, e] of entries.entries()) {
    const problem =
      e.customerId !== customerId
        ? `the entry is customer ${e.customerId}'s, the log ${customerId}'s`
        : e.kind === 'usage'
          ? usage(e)
          : e.kind === 'recognition'
            ? recognition(e)
            : null;
    if (problem !== null) return { ok: false, entryId: e.id, reason: problem };
    if (e.kind === 'usage') usageCount++;
    onProgress?.(i + 1);
  }
  return { ok: true, entries: entries.length, usage: usageCount, months: months.size };
};
