/**
 * Messages between `tai verify` and its worker threads. A worker first takes its receipts (`load`: its
 * piece of the bundle's bytes, a view of a SharedArrayBuffer, to parse strictly; or receipts the main
 * thread parsed) and answers with their count; once every count is in, it takes `check` with the log
 * index of its first receipt.
 */
import type { RangeCheck } from '../../../domain/receipts/bundle-range.ts';
import type { KeyLifecycle } from '../../../domain/receipts/key-lifecycle.ts';

/**
 * Counts and progress every range writes where the main thread reads them while it checks its own range
 * (its event loop, and so every message, waits until then): at 2 * slot the range's receipt count once
 * loaded (-1 before), at 2 * slot + 1 how many it has checked.
 */
export type Board = Int32Array;

interface LoadSlot {
  readonly type: 'load';
  readonly board: Board;
  readonly slot: number;
}

export type LoadJob =
  (LoadSlot & { readonly bytes: Uint8Array }) | (LoadSlot & { readonly receipts: readonly unknown[] });

export interface CheckJob {
  readonly type: 'check';
  readonly start: number;
  /** The bundle's keys, already checked by the main thread: raw public key and lifecycle. */
  readonly keys: readonly { readonly raw: Uint8Array; readonly lifecycle?: KeyLifecycle }[];
  readonly customerId: string;
  /** Log indexes whose id and issuedAt the checkpoint checks read (finishBundle): sent back picked. */
  readonly wanted: readonly number[];
}

/** The id and issuedAt of one receipt, as `{ body: { id, issuedAt } }` at its log index. */
export type PickedReceipt = readonly [index: number, receipt: { readonly body: Readonly<Record<string, unknown>> }];

export type WorkerMessage =
  /** null: the bytes are not strict JSON, or not a non-empty array. */
  | { readonly type: 'loaded'; readonly count: number | null }
  | { readonly type: 'progress'; readonly done: number }
  | { readonly type: 'done'; readonly result: RangeCheck; readonly picked: readonly PickedReceipt[] };
