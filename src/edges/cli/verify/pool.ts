/**
 * Runs the per-receipt checks on worker threads, one contiguous range per worker. Under tsx (the
 * sources are .ts) each worker registers tsx's require hook before loading worker.ts, because Node 20
 * does not pass module loader hooks on to worker threads; compiled .js workers load directly.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RangeCheck } from '../../../domain/receipts/bundle-range.ts';
import type { RangeJob, WorkerMessage } from './protocol.ts';

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
 * while the main thread still reads and parses the bundle. Each takes one job (its first message).
 */
export interface WorkerPool {
  readonly size: number;
  /** Stops every worker that has no job yet (or all, after a failure). */
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

/** Splits [0, n) into `parts` contiguous ranges of near-equal size. */
const splitRanges = (n: number, parts: number): [number, number][] => {
  const count = Math.max(1, Math.min(parts, n));
  return Array.from({ length: count }, (_, i) => [Math.floor((i * n) / count), Math.floor(((i + 1) * n) / count)]);
};

/**
 * Checks every range in parallel and resolves with the results in order. Once a range reports a bad
 * receipt, workers on later ranges are stopped: the first bad entry is already at or before it.
 */
export const checkInWorkers = (
  job: Omit<RangeJob, 'start' | 'receipts'> & { receipts: readonly unknown[] },
  parts: number,
  onProgress: (done: number) => void,
  pool: WorkerPool = startWorkers(parts),
): Promise<RangeCheck[]> => {
  const ranges = splitRanges(job.receipts.length, Math.min(parts, pool.size));
  const done = new Array<number>(ranges.length).fill(0);
  const results = new Array<RangeCheck | null>(ranges.length).fill(null);
  const { workers, early } = pool as PoolInternals;
  // Workers beyond the ranges get no job.
  for (let j = ranges.length; j < workers.length; j++) {
    void workers[j]?.terminate();
    workers[j] = null;
  }
  return new Promise((resolve, reject) => {
    let pending = ranges.length;
    const finish = (i: number, r: RangeCheck): void => {
      if (results[i] !== null) return;
      results[i] = r;
      if (r.failure !== null) {
        for (let j = i + 1; j < ranges.length; j++) stop(j, { ...r, start: ranges[j]?.[0] ?? 0 });
      }
      if (--pending === 0) resolve(results as RangeCheck[]);
    };
    const stop = (j: number, placeholder: RangeCheck): void => {
      const w = workers[j];
      workers[j] = null;
      if (w) void w.terminate();
      finish(j, placeholder);
    };
    ranges.forEach(([start, end], i) => {
      const worker = workers[i];
      const failed = early[i] ?? (worker ? null : new Error('a verify worker was stopped before its job'));
      if (failed !== null || !worker) {
        for (const w of workers) if (w) void w.terminate();
        return reject(failed ?? new Error('no verify worker'));
      }
      worker.postMessage({ ...job, start, receipts: job.receipts.slice(start, end) } satisfies RangeJob);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') {
          done[i] = m.done;
          onProgress(done.reduce((a, b) => a + b, 0));
        } else {
          workers[i] = null;
          void worker.terminate();
          finish(i, m.result);
        }
      });
      worker.on('error', (e) => {
        for (const w of workers) if (w) void w.terminate();
        reject(e);
      });
    });
  });
};
