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

const spawn = (job: RangeJob): Worker => {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./worker.js', self), { workerData: job });
  const tsxHook = createRequire(self).resolve('tsx/cjs/api');
  const workerFile = fileURLToPath(new URL('./worker.ts', self));
  const boot = `require(${JSON.stringify(tsxHook)}).register();\nrequire(${JSON.stringify(workerFile)});`;
  return new Worker(boot, { eval: true, workerData: job });
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
): Promise<RangeCheck[]> => {
  const ranges = splitRanges(job.receipts.length, parts);
  const done = new Array<number>(ranges.length).fill(0);
  const results = new Array<RangeCheck | null>(ranges.length).fill(null);
  const workers: (Worker | null)[] = [];
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
      const worker = spawn({ ...job, start, receipts: job.receipts.slice(start, end) });
      workers[i] = worker;
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
