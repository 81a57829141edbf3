/**
 * Runs the per-receipt checks on this thread and worker threads, in pieces that each takes as it is free.
 * Under tsx (the sources are .ts) each worker registers tsx's require hook before loading worker.ts, because
 * Node 20 does not pass module loader hooks on to worker threads; compiled .js workers load directly.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { checkReceiptRange } from '../../../domain/receipts/bundle-range.ts';
import type { RangeCheck } from '../../../domain/receipts/bundle-range.ts';
import { DONE, STOP } from './protocol.ts';
import type {
  Board,
  CheckedPiece,
  PickedReceipt,
  PieceJob,
  PieceKeys,
  PieceSource,
  WorkerMessage,
} from './protocol.ts';
import { keyMap, takePieces } from './range-job.ts';

const spawn = (): Worker => {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./worker.js', self));
  const tsxHook = createRequire(self).resolve('tsx/cjs/api');
  const workerFile = fileURLToPath(new URL('./worker.ts', self));
  const boot = `require(${JSON.stringify(tsxHook)}).register();\nrequire(${JSON.stringify(workerFile)});`;
  return new Worker(boot, { eval: true });
};

/**
 * Worker threads started ahead of their work, so that their start-up (a thread, a module graph) runs
 * while the main thread still reads the bundle.
 */
export interface WorkerPool {
  readonly size: number;
  /** Stops every worker (those that finished have stopped already). */
  close(): void;
}

interface PoolInternals extends WorkerPool {
  readonly workers: (Worker | null)[];
  readonly early: (Error | null)[];
}

export const startWorkers = (count: number): WorkerPool => {
  const workers: (Worker | null)[] = Array.from({ length: count }, spawn);
  // Until a worker has a job, an error of its start-up is reported when the job is given.
  const early: (Error | null)[] = workers.map(() => null);
  workers.forEach((w, i) => w?.once('error', (e) => (early[i] = e)));
  const pool: PoolInternals = {
    size: count,
    workers,
    early,
    close() {
      for (let i = 0; i < workers.length; i++) {
        const w = workers[i];
        workers[i] = null;
        if (w) void w.terminate();
      }
    },
  };
  return pool;
};

export interface WorkerCheck {
  readonly ranges: RangeCheck[];
  /** As long as the log; holds only the picked receipts (`wanted`, and each key's last), at their index. */
  readonly receipts: readonly unknown[];
}

/**
 * The pieces in order, each a checked range from the log index of its first receipt: the sum of the counts
 * before it. A piece checked from another start (the one its first receipt claimed) gets that receipt
 * checked again from the right one, which fails it there: the first receipt's log index is wrong, or a
 * check before that one failed. Ends at the first piece that fails; null until every piece is in, since a
 * piece after that one that is not strict JSON still decides the verdict.
 */
const inOrder = (
  outcomes: readonly (CheckedPiece | 'parsed' | null)[],
  keys: PieceKeys,
): { ranges: RangeCheck[]; picked: PickedReceipt[]; total: number } | null => {
  const ranges: RangeCheck[] = [];
  const picked: PickedReceipt[] = [];
  let start = 0;
  if (outcomes.includes(null)) return null;
  for (const o of outcomes) {
    if (o === null || o === 'parsed') break; // 'parsed': only after a piece that failed
    const right = o.result.start === start;
    const r = right ? o.result : checkReceiptRange([o.head], start, keyMap(keys.keys), keys.customerId);
    ranges.push(r);
    if (right) picked.push(...o.picked);
    start += o.count;
    if (r.failure !== null) break;
  }
  return { ranges, picked, total: start };
};

/**
 * Checks `pieces` (contiguous, in order) on this thread and the pool's workers. `shared`: every thread takes
 * the next piece as it is free, this one from the start while the workers still start up; otherwise (receipts
 * this thread parsed: each worker is sent only its own) piece t is thread t's, which needs a worker fewer
 * than there are pieces. Resolves with the ranges in order up to the first that fails, or null when a piece
 * is not strict JSON or an empty array (which decides the verdict before any receipt: every piece is parsed,
 * those after a bad one without their checks). `onProgress` gets the receipts checked, over every thread.
 */
export const checkInWorkers = (
  pool: WorkerPool,
  pieces: readonly Exclude<PieceSource, null>[],
  shared: boolean,
  keys: PieceKeys,
  onProgress: ((done: number) => void) | null,
): Promise<WorkerCheck | null> => {
  const n = pieces.length;
  const { workers, early } = pool as PoolInternals;
  const used = shared ? workers.length : Math.min(workers.length, n - 1);
  for (let j = used; j < workers.length; j++) {
    void workers[j]?.terminate();
    workers[j] = null;
  }
  const board: Board = new Int32Array(new SharedArrayBuffer(4 * (DONE + 1 + used)));
  board[STOP] = n;
  return new Promise((resolve, reject) => {
    const outcomes = new Array<CheckedPiece | 'parsed' | null>(n).fill(null);
    let settled = false;
    const stopAll = (): void => {
      settled = true;
      pool.close();
    };
    const progress = (): void => {
      if (onProgress === null) return;
      let done = 0;
      for (let t = 0; t <= used; t++) done += Atomics.load(board, DONE + t);
      onProgress(done);
    };
    const answer = (m: WorkerMessage): void => {
      if (settled) return;
      if (m.type === 'progress') return progress();
      if (m.type === 'not-strict') {
        stopAll();
        return resolve(null);
      }
      outcomes[m.piece] = m.type === 'parsed' ? 'parsed' : m;
      const ordered = inOrder(outcomes, keys);
      if (ordered === null) return;
      stopAll();
      const receipts = new Array<unknown>(ordered.total);
      for (const [index, receipt] of ordered.picked) receipts[index] = receipt;
      resolve({ ranges: ordered.ranges, receipts });
    };
    const job = (thread: number): PieceJob => ({
      ...keys,
      board,
      thread,
      shared,
      pieces: shared ? pieces : pieces.map((p, i) => (i === thread ? p : null)),
    });
    for (let t = 1; t <= used; t++) {
      const worker = workers[t - 1];
      const failed = early[t - 1] ?? (worker ? null : new Error('a verify worker was stopped before its job'));
      if (failed !== null || !worker) {
        stopAll();
        return reject(failed ?? new Error('no verify worker'));
      }
      worker.on('message', answer);
      worker.on('error', (e) => {
        if (settled) return;
        stopAll();
        reject(e);
      });
      worker.postMessage(job(t));
    }
    try {
      takePieces(job(0), answer, progress);
    } catch (e) {
      stopAll();
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
};
