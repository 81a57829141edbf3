/** Worker thread of `tai verify`: parses and checks one contiguous range of receipts, returns its leaf hashes. */
import { parentPort } from 'node:worker_threads';
import type { CheckJob, LoadJob, WorkerMessage } from './protocol.ts';
import { boardProgress, checkRange, loadRange } from './range-job.ts';

const port = parentPort;
if (port === null) throw new Error('verify worker must run in a worker thread');

const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

// The pool starts workers before the bundle is read (pool.ts): the first message is the receipts.
let receipts: readonly unknown[] | null = null;
let onBoard: (done: number) => void = () => {};
port.on('message', (job: LoadJob | CheckJob) => {
  if (job.type === 'load') {
    receipts = loadRange(job);
    onBoard = boardProgress(job);
    post({ type: 'loaded', count: receipts === null ? null : receipts.length });
  } else if (receipts !== null) {
    const done = checkRange(job, receipts, (n) => {
      onBoard(n);
      post({ type: 'progress', done: n });
    });
    post(done, [done.result.leafHashes.buffer as ArrayBuffer]);
  }
});
