/**
 * One range of `tai verify`'s receipts, as a worker thread or the main thread runs it: load (parse the
 * piece strictly, or take receipts already parsed), then check from the log index of its first receipt
 * and pick the receipts the checks after the ranges read.
 */
import { checkReceiptRange } from '../../../domain/receipts/bundle-range.ts';
import type { RangeKey } from '../../../domain/receipts/bundle-range.ts';
import { pieceArray } from '../../../domain/receipts/bundle-split.ts';
import { publicKeyFromRaw } from '../../../domain/receipts/keys.ts';
import { parseStrictJsonBytes } from '../../../domain/receipts/strict-json.ts';
import type { CheckJob, LoadJob, PickedReceipt, WorkerMessage } from './protocol.ts';

const parse = (job: LoadJob): readonly unknown[] | null => {
  if ('receipts' in job) return job.receipts;
  const parsed = parseStrictJsonBytes(pieceArray(job.bytes));
  return parsed.ok && Array.isArray(parsed.value) && parsed.value.length > 0 ? parsed.value : null;
};

/** The range's receipts, or null when its piece is not strict JSON or not a non-empty array. */
export const loadRange = (job: LoadJob): readonly unknown[] | null => {
  const receipts = parse(job);
  if (receipts !== null) Atomics.store(job.board, 2 * job.slot, receipts.length);
  return receipts;
};

/** Writes a range's progress to the board (see protocol.ts). */
export const boardProgress =
  (load: LoadJob) =>
  (done: number): void => {
    Atomics.store(load.board, 2 * load.slot + 1, done);
  };

const pick = (receipt: unknown): PickedReceipt[1] => {
  const body = (receipt as { body?: unknown } | undefined)?.body;
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  return { body: { id: b['id'], issuedAt: b['issuedAt'] } };
};

export const checkRange = (
  job: CheckJob,
  receipts: readonly unknown[],
  onProgress: (done: number) => void,
): Extract<WorkerMessage, { type: 'done' }> => {
  const keys = new Map(
    job.keys.map((k): [string, RangeKey] => {
      const key = publicKeyFromRaw(k.raw);
      return [key.kid, k.lifecycle === undefined ? key : { ...key, lifecycle: k.lifecycle }];
    }),
  );
  const { start } = job;
  const result = checkReceiptRange(receipts, start, keys, job.customerId, onProgress);
  const inRange = (i: number): boolean => i >= start && i < start + receipts.length;
  const indexes = new Set([...job.wanted, ...Object.values(result.lastIndexByKid)].filter(inRange));
  const picked = [...indexes].map((i): PickedReceipt => [i, pick(receipts[i - start])]);
  return { type: 'done', result, picked };
};
