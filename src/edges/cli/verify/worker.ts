/** Worker thread of `tai verify`: takes pieces of the receipts, parses and checks each, returns its leaf hashes. */
import { parentPort } from 'node:worker_threads';
import type { PieceJob, WorkerMessage } from './protocol.ts';
import { takePieces } from './range-job.ts';

const port = parentPort;
if (port === null) throw new Error('verify worker must run in a worker thread');

// The pool starts workers before the bundle is read (pool.ts): the one message is the job.
port.once('message', (job: PieceJob) => {
  takePieces(
    job,
    (m) => {
      const transfer = m.type === 'piece' ? [m.result.leafHashes.buffer as ArrayBuffer] : [];
      port.postMessage(m satisfies WorkerMessage, transfer);
    },
    () => port.postMessage({ type: 'progress' } satisfies WorkerMessage),
  );
});
