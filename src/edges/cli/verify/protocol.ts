/** Messages between `tai verify` and its worker threads. */
import type { RangeCheck } from '../../../domain/receipts/bundle-range.ts';

export interface RangeJob {
  readonly start: number;
  readonly receipts: readonly unknown[];
  /** The bundle's key set as it appears in the bundle (already checked by the main thread). */
  readonly jwks: unknown;
  readonly customerId: string;
}

export type WorkerMessage =
  { readonly type: 'progress'; readonly done: number } | { readonly type: 'done'; readonly result: RangeCheck };
