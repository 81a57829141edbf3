/** Messages between `tai verify` and its worker threads. */
import type { RangeCheck } from '../../../domain/receipts/bundle-range.ts';
import type { KeyLifecycle } from '../../../domain/receipts/key-lifecycle.ts';

export interface RangeJob {
  readonly start: number;
  readonly receipts: readonly unknown[];
  /** The bundle's keys, already checked by the main thread: raw public key and lifecycle. */
  readonly keys: readonly { readonly raw: Uint8Array; readonly lifecycle?: KeyLifecycle }[];
  readonly customerId: string;
}

export type WorkerMessage =
  { readonly type: 'progress'; readonly done: number } | { readonly type: 'done'; readonly result: RangeCheck };
