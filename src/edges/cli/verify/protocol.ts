/**
 * Messages between `tai verify` and its worker threads. Each worker gets one job: every piece of the
 * receipts (views of the bundle's bytes on a SharedArrayBuffer, to parse strictly; or, for receipts the
 * main thread parsed, only the worker's own piece), the keys and the customer. The threads then take
 * pieces in turn off the board, the main one included, and a worker answers each piece it took.
 */
import type { RangeCheck } from '../../../domain/receipts/bundle-range.ts';
import type { KeyLifecycle } from '../../../domain/receipts/key-lifecycle.ts';

/**
 * Shared by every thread (Int32Array on a SharedArrayBuffer): at NEXT the next piece to take; at STOP
 * the first piece known bad (the number of pieces while none is), or ABORT once a piece is not strict
 * JSON; from DONE on, how many receipts each thread has checked (the main thread's read while it checks:
 * its event loop, and so every message, waits until then).
 */
export type Board = Int32Array;
export const NEXT = 0;
export const STOP = 1;
export const DONE = 2;
export const ABORT = -1;

/** A piece: its bytes, to be bracketed and parsed strictly; or receipts already parsed; or not this thread's. */
export type PieceSource = Uint8Array | readonly unknown[] | null;

export interface PieceKeys {
  /** The bundle's keys, already checked by the main thread: raw public key and lifecycle. */
  readonly keys: readonly { readonly raw: Uint8Array; readonly lifecycle?: KeyLifecycle }[];
  readonly customerId: string;
  /** Log indexes whose id and issuedAt the checkpoint checks read (finishBundle): sent back picked. */
  readonly wanted: readonly number[];
}

export interface PieceJob extends PieceKeys {
  readonly board: Board;
  /** This thread's slot on the board: DONE + thread (0 for the main thread). */
  readonly thread: number;
  readonly pieces: readonly PieceSource[];
  /** Pieces taken off the board in turn; otherwise thread t takes piece t alone. */
  readonly shared: boolean;
}

/** The id and issuedAt of one receipt, as `{ body: { id, issuedAt } }` at its log index. */
export type PickedReceipt = readonly [index: number, receipt: { readonly body: Readonly<Record<string, unknown>> }];

/**
 * A piece checked from the log index its first receipt claims (`result.start`); the main thread holds it
 * to the count of the pieces before, and checks `head` (the first receipt) again where they differ.
 */
export interface CheckedPiece {
  readonly type: 'piece';
  readonly piece: number;
  readonly count: number;
  readonly result: RangeCheck;
  readonly head: unknown;
  readonly picked: readonly PickedReceipt[];
}

export type WorkerMessage =
  | CheckedPiece
  /** The piece is not strict JSON, or not a non-empty array. */
  | { readonly type: 'not-strict'; readonly piece: number }
  /** Parsed (it is strict) but not checked: it comes after a piece known bad. */
  | { readonly type: 'parsed'; readonly piece: number }
  | { readonly type: 'progress' };
