/**
 * Receipt checks on worker threads, one per core: the signature checks are nearly all of a verification's
 * work. Jobs go to the worker with the fewest in hand. Under tsx (the sources are .ts) each worker
 * registers tsx's require hook first, as the `tai verify` pool does; compiled .js workers load directly.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StoredReceiptJob, StoredReceiptVerdict } from '../../../domain/backup/stored-receipts.ts';
import { checkStoredReceipts } from '../../../domain/backup/stored-receipts.ts';
import { bundleJwks } from '../../../domain/receipts/keyring.ts';
import type { PublicReceiptKey } from '../../../domain/receipts/keys.ts';
import type { ReceiptChecker } from '../../../services/backup/scan.ts';

const spawn = (workerData: unknown): Worker => {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./check-worker.js', self), { workerData });
  const tsxHook = createRequire(self).resolve('tsx/cjs/api');
  const workerFile = fileURLToPath(new URL('./check-worker.ts', self));
  const boot = `require(${JSON.stringify(tsxHook)}).register();\nrequire(${JSON.stringify(workerFile)});`;
  return new Worker(boot, { eval: true, workerData });
};

interface CheckPool {
  readonly check: ReceiptChecker;
  close(): Promise<void>;
}

interface Slot {
  readonly worker: Worker;
  readonly waiting: Map<number, { resolve: (v: StoredReceiptVerdict) => void; reject: (e: unknown) => void }>;
}

/** With `workers` below 2 the checks run on the calling thread. */
export const createCheckPool = (keys: readonly PublicReceiptKey[], workers = availableParallelism()): CheckPool => {
  if (workers < 2) {
    const map = new Map(keys.map((k) => [k.kid, k]));
    return { check: (job) => Promise.resolve(checkStoredReceipts(job, map)), close: () => Promise.resolve() };
  }
  const jwks = bundleJwks(keys);
  let next = 0;
  const slots: Slot[] = Array.from({ length: workers }, () => {
    const slot: Slot = { worker: spawn({ jwks }), waiting: new Map() };
    slot.worker.on('message', (m: { id: number; verdict: StoredReceiptVerdict }) => {
      slot.waiting.get(m.id)?.resolve(m.verdict);
      slot.waiting.delete(m.id);
    });
    slot.worker.on('error', (e) => {
      for (const w of slot.waiting.values()) w.reject(e);
      slot.waiting.clear();
    });
    return slot;
  });
  return {
    check: (job: StoredReceiptJob) =>
      new Promise((resolve, reject) => {
        const slot = slots.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
        const id = next++;
        slot.waiting.set(id, { resolve, reject });
        slot.worker.postMessage({ id, job });
      }),
    close: async () => {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
};
