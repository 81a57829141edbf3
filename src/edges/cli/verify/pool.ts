/**
 * Runs the per-receipt checks on this thread and worker threads, one contiguous range each. Under tsx (the
 * sources are .ts) each worker registers tsx's require hook before loading worker.ts, because Node 20
 * does not pass module loader hooks on to worker threads; compiled .js workers load directly.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RangeCheck } from '../../../domain/receipts/bundle-range.ts';
import type { CheckJob, LoadJob, PickedReceipt, WorkerMessage } from './protocol.ts';
import { checkRange, loadRange } from './range-job.ts';

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
 * while the main thread still reads the bundle. Each takes one range.
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
 * Checks `loads` (contiguous ranges, in order): the first on this thread, each other on a worker of the
 * pool, which needs one fewer worker than there are ranges. Every range is loaded and counted first (in
 * parallel), so that each knows the log index of its first receipt; this thread's range is then checked
 * while the workers check theirs (their messages wait until it is done). Resolves with the results in
 * order, or null when a range is not strict JSON or an empty array. Once a range reports a bad receipt,
 * workers on later ranges are stopped: the first bad entry is already at or before it.
 */
export const checkInWorkers = (
  pool: WorkerPool,
  loads: readonly LoadJob[],
  job: Omit<CheckJob, 'type' | 'start'>,
  onCount: (count: number) => (done: number) => void,
): Promise<WorkerCheck | null> => {
  const n = loads.length;
  const { workers, early } = pool as PoolInternals;
  // Range i > 0 is worker i - 1's; workers beyond the ranges get no job.
  for (let j = n - 1; j < workers.length; j++) {
    void workers[j]?.terminate();
    workers[j] = null;
  }
  return new Promise((resolve, reject) => {
    const counts = new Array<number>(n).fill(0);
    const starts = new Array<number>(n).fill(0);
    const done = new Array<number>(n).fill(0);
    const results = new Array<RangeCheck | null>(n).fill(null);
    const picked: PickedReceipt[] = [];
    let local: readonly unknown[] = [];
    let loaded = 0;
    let pending = n;
    let total = 0;
    let onProgress: (done: number) => void = () => {};
    const stopAll = (): void => {
      for (let j = 0; j < workers.length; j++) {
        void workers[j]?.terminate();
        workers[j] = null;
      }
    };
    const progress = (i: number, d: number): void => {
      done[i] = d;
      onProgress(done.reduce((a, b) => a + b, 0));
    };
    const finish = (i: number, r: RangeCheck): void => {
      if (results[i] !== null) return;
      results[i] = r;
      if (r.failure !== null) {
        for (let j = i + 1; j < n; j++) stop(j, { ...r, start: starts[j] ?? 0 });
      }
      if (--pending > 0) return;
      const receipts = new Array<unknown>(total);
      for (const [index, receipt] of picked) receipts[index] = receipt;
      resolve({ ranges: results as RangeCheck[], receipts });
    };
    const stop = (j: number, placeholder: RangeCheck): void => {
      const w = workers[j - 1];
      workers[j - 1] = null;
      if (w) void w.terminate();
      finish(j, placeholder);
    };
    const counted = (i: number, count: number): void => {
      counts[i] = count;
      if (++loaded < n) return;
      try {
        counts.forEach((c, k) => {
          starts[k] = total;
          total += c;
        });
        onProgress = onCount(total);
        for (let k = 1; k < n; k++)
          workers[k - 1]?.postMessage({ type: 'check', start: starts[k] ?? 0, ...job } satisfies CheckJob);
        const mine = checkRange({ type: 'check', start: 0, ...job }, local, (d) => progress(0, d));
        picked.push(...mine.picked);
        finish(0, mine.result);
      } catch (e) {
        stopAll();
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    };
    for (let i = 1; i < n; i++) {
      const worker = workers[i - 1];
      const failed = early[i - 1] ?? (worker ? null : new Error('a verify worker was stopped before its job'));
      if (failed !== null || !worker) {
        stopAll();
        return reject(failed ?? new Error('no verify worker'));
      }
      worker.postMessage(loads[i]);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'loaded') {
          if (m.count === null) {
            stopAll();
            return resolve(null);
          }
          counted(i, m.count);
        } else if (m.type === 'progress') progress(i, m.done);
        else {
          workers[i - 1] = null;
          void worker.terminate();
          picked.push(...m.picked);
          finish(i, m.result);
        }
      });
      worker.on('error', (e) => {
        stopAll();
        reject(e);
      });
    }
    const first = loads[0];
    const mine = first === undefined ? null : loadRange(first);
    if (mine === null) {
      stopAll();
      return resolve(null);
    }
    local = mine;
    counted(0, mine.length);
  });
};
