/**
 * Runs the per-receipt checks on this thread and worker threads, one contiguous range each. Under tsx (the
 * sources are .ts) each worker registers tsx's require hook before loading worker.ts, because Node 20
 * does not pass module loader hooks on to worker threads; compiled .js workers load directly.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RangeCheck } from '../../../domain/receipts/bundle-range.ts';
import type { Board, CheckJob, LoadJob, PickedReceipt, WorkerMessage } from './protocol.ts';
import { boardProgress, checkRange, loadRange } from './range-job.ts';

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

/** The ranges' loads for checkInWorkers: one per piece of work, sharing one board. */
export const rangeLoads = (
  parts: readonly ({ readonly bytes: Uint8Array } | { readonly receipts: readonly unknown[] })[],
): LoadJob[] => {
  const board: Board = new Int32Array(new SharedArrayBuffer(8 * parts.length));
  for (let i = 0; i < parts.length; i++) board[2 * i] = -1;
  return parts.map((p, slot) => ({ type: 'load', board, slot, ...p }));
};

/**
 * Checks `loads` (contiguous ranges, in order, from rangeLoads): the first on this thread, each other
 * on a worker of the pool, which needs one fewer worker than there are ranges. A range checks from the
 * log index of its first receipt, the sum of the counts before it: this thread's range from 0 as soon
 * as it is parsed and every other range has been given its start (with two ranges, at once), while the
 * workers still parse theirs. Resolves with the results in order, or null when a range is not strict
 * JSON or an empty array. Once a range reports a bad receipt, workers on later ranges are stopped: the
 * first bad entry is already at or before it.
 */
export const checkInWorkers = (
  pool: WorkerPool,
  loads: readonly LoadJob[],
  job: Omit<CheckJob, 'type' | 'start'>,
  onCount: (count: number) => (done: number) => void,
): Promise<WorkerCheck | null> => {
  const n = loads.length;
  const board = loads[0]?.board ?? new Int32Array(0);
  const { workers, early } = pool as PoolInternals;
  // Range i > 0 is worker i - 1's; workers beyond the ranges get no job.
  for (let j = n - 1; j < workers.length; j++) {
    void workers[j]?.terminate();
    workers[j] = null;
  }
  return new Promise((resolve, reject) => {
    const starts = new Array<number>(n).fill(0);
    const done = new Array<number>(n).fill(0);
    const results = new Array<RangeCheck | null>(n).fill(null);
    const picked: PickedReceipt[] = [];
    let local: readonly unknown[] | null = null;
    let given = 1; // ranges [1, given) have their check job
    let checkedHere = false;
    let pending = n;
    let onProgress: ((done: number) => void) | null = null;
    const count = (i: number): number => Atomics.load(board, 2 * i);
    // Of the ranges counted so far (all of them, unless one was stopped before it was loaded).
    const total = (): number => {
      let t = 0;
      for (let i = 0; i < n; i++) t += Math.max(0, count(i));
      return t;
    };
    const stopAll = (): void => {
      for (let j = 0; j < workers.length; j++) {
        void workers[j]?.terminate();
        workers[j] = null;
      }
    };
    // From messages, or read off the board while this thread checks: the bar starts once every count is in.
    const progress = (): void => {
      for (let i = 0; i < n; i++) done[i] = Math.max(done[i] ?? 0, Atomics.load(board, 2 * i + 1));
      if (onProgress === null) {
        for (let i = 0; i < n; i++) if (count(i) < 0) return;
        onProgress = onCount(total());
      }
      onProgress(done.reduce((a, b) => a + b, 0));
    };
    // A later range is stopped only once loaded: a piece that is not strict JSON makes the whole file
    // not strict, which is reported before any receipt (the caller then parses the whole file).
    const loaded = new Array<boolean>(n).fill(false);
    const stopOnLoad = new Array<RangeCheck | null>(n).fill(null);
    const finish = (i: number, r: RangeCheck): void => {
      if (results[i] !== null) return;
      results[i] = r;
      if (r.failure !== null) {
        for (let j = i + 1; j < n; j++) {
          const placeholder = { ...r, start: starts[j] ?? 0 };
          if (loaded[j] === true) stop(j, placeholder);
          else stopOnLoad[j] = placeholder;
        }
      }
      if (--pending > 0) return;
      const receipts = new Array<unknown>(total());
      for (const [index, receipt] of picked) receipts[index] = receipt;
      resolve({ ranges: results as RangeCheck[], receipts });
    };
    const stop = (j: number, placeholder: RangeCheck): void => {
      const w = workers[j - 1];
      workers[j - 1] = null;
      if (w) void w.terminate();
      finish(j, placeholder);
    };
    // Gives each range whose start is known its check job, then checks this thread's range.
    const advance = (): void => {
      try {
        while (given < n && count(given - 1) >= 0) {
          starts[given] = (starts[given - 1] ?? 0) + count(given - 1);
          workers[given - 1]?.postMessage({ type: 'check', start: starts[given] ?? 0, ...job } satisfies CheckJob);
          given++;
        }
        if (given < n || local === null || checkedHere) return;
        checkedHere = true;
        const mine = checkRange({ type: 'check', start: 0, ...job }, local, (d) => {
          boardProgress(loads[0] as LoadJob)(d);
          progress();
        });
        picked.push(...mine.picked);
        finish(0, mine.result);
        if (pending > 0) progress();
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
          loaded[i] = true;
          const placeholder = stopOnLoad[i];
          if (placeholder != null) stop(i, placeholder);
          advance();
        } else if (m.type === 'progress') progress();
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
    local = first === undefined ? null : loadRange(first);
    if (local === null) {
      stopAll();
      return resolve(null);
    }
    loaded[0] = true;
    advance();
  });
};
