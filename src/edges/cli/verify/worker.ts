/** Worker thread of `tai verify`: checks one contiguous range of receipts and returns its leaf hashes. */
import { parentPort } from 'node:worker_threads';
import { checkReceiptRange } from '../../../domain/receipts/bundle-range.ts';
import type { RangeKey } from '../../../domain/receipts/bundle-range.ts';
import { publicKeyFromRaw } from '../../../domain/receipts/keys.ts';
import type { RangeJob, WorkerMessage } from './protocol.ts';

const port = parentPort;
if (port === null) throw new Error('verify worker must run in a worker thread');

// The job is the first message: the pool starts workers before the bundle is parsed (pool.ts).
port.once('message', (job: RangeJob) => {
  const keys = new Map(
    job.keys.map((k): [string, RangeKey] => {
      const key = publicKeyFromRaw(k.raw);
      return [key.kid, k.lifecycle === undefined ? key : { ...key, lifecycle: k.lifecycle }];
    }),
  );
  const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
  const result = checkReceiptRange(job.receipts, job.start, keys, job.customerId, (done) =>
    post({ type: 'progress', done }),
  );
  post({ type: 'done', result }, [result.leafHashes.buffer as ArrayBuffer]);
});
