/** Worker thread of `tai verify`: parses and checks one contiguous range of receipts, returns its leaf hashes. */
import { parentPort } from 'node:worker_threads';
import { checkReceiptRange } from '../../../domain/receipts/bundle-range.ts';
import { pieceArray } from '../../../domain/receipts/bundle-split.ts';
import type { RangeKey } from '../../../domain/receipts/bundle-range.ts';
import { publicKeyFromRaw } from '../../../domain/receipts/keys.ts';
import { parseStrictJsonBytes } from '../../../domain/receipts/strict-json.ts';
import type { CheckJob, LoadJob, PickedReceipt, WorkerMessage } from './protocol.ts';

const port = parentPort;
if (port === null) throw new Error('verify worker must run in a worker thread');

const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

const load = (job: LoadJob): readonly unknown[] | null => {
  if ('receipts' in job) return job.receipts;
  const parsed = parseStrictJsonBytes(pieceArray(job.bytes));
  return parsed.ok && Array.isArray(parsed.value) && parsed.value.length > 0 ? parsed.value : null;
};

const pick = (receipt: unknown): PickedReceipt[1] => {
  const body = (receipt as { body?: unknown } | undefined)?.body;
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  return { body: { id: b['id'], issuedAt: b['issuedAt'] } };
};

const check = (job: CheckJob, receipts: readonly unknown[]): void => {
  const keys = new Map(
    job.keys.map((k): [string, RangeKey] => {
      const key = publicKeyFromRaw(k.raw);
      return [key.kid, k.lifecycle === undefined ? key : { ...key, lifecycle: k.lifecycle }];
    }),
  );
  const { start } = job;
  const result = checkReceiptRange(receipts, start, keys, job.customerId, (done) => post({ type: 'progress', done }));
  const inRange = (i: number): boolean => i >= start && i < start + receipts.length;
  const indexes = new Set([...job.wanted, ...Object.values(result.lastIndexByKid)].filter(inRange));
  const picked = [...indexes].map((i): PickedReceipt => [i, pick(receipts[i - start])]);
  post({ type: 'done', result, picked }, [result.leafHashes.buffer as ArrayBuffer]);
};

// The pool starts workers before the bundle is read (pool.ts): the first message is the receipts.
let receipts: readonly unknown[] | null = null;
port.on('message', (job: LoadJob | CheckJob) => {
  if (job.type === 'load') {
    receipts = load(job);
    post({ type: 'loaded', count: receipts === null ? null : receipts.length });
  } else if (receipts !== null) check(job, receipts);
});
