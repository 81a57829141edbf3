/** What bundle verification answers: success with what was proven, or the first failing entry. */
import type { RangeKey } from './bundle-range.ts';

export type BundlePart = 'bundle' | 'keys' | 'receipt' | 'checkpoint' | 'previous-checkpoint';

export interface BundleFailure {
  readonly ok: false;
  readonly entry: BundlePart;
  /** Log index of the first bad receipt (entry 'receipt'), else null. */
  readonly index: number | null;
  readonly receiptId: string | null;
  readonly reason: string;
}

export interface BundleSuccess {
  readonly ok: true;
  readonly format: 1 | 2;
  readonly origin: string;
  readonly treeSize: number;
  /** Hex of the verified Merkle root. */
  readonly root: string;
  readonly checkpointKid: string;
  readonly previousTreeSize: number | null;
  /** The pinned witnesses that cosigned the final checkpoint, and the freshest quorum time (ISO), if any. */
  readonly witnesses: readonly string[];
  readonly witnessedAt: string | null;
}

export type BundleVerdict = BundleSuccess | BundleFailure;

export interface OpenedBundle {
  readonly format: 1 | 2;
  readonly origin: string;
  readonly customerId: string;
  readonly keys: readonly RangeKey[];
  readonly keyMap: ReadonlyMap<string, RangeKey>;
  /** Format 1: the one checkpoint. */
  readonly checkpoints: readonly string[];
  readonly receipts: readonly unknown[];
}

export const failure = (
  entry: BundlePart,
  reason: string,
  index: number | null = null,
  receiptId: string | null = null,
): BundleFailure => ({ ok: false, entry, index, receiptId, reason });
