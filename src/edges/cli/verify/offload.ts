/**
 * `tai verify` on several threads: this thread reads, parses and checks every receipt as on one thread
 * (bundle-chunks.ts), and hands each signature's verification to the ring (ring.ts) instead of making it,
 * answering true at once. Worker threads verify from the ring, and so does this thread whenever more than
 * a few signatures wait, so that the threads share the verifies as each is free and this one never runs
 * ahead of them by more than a few receipts.
 *
 * So a verdict reached with `check` is conditional: it stands only if `drain()` then answers true (every
 * signature handed over verified). Since a check that answers true goes on exactly as a verify that returns
 * true would, such a verdict is the one-thread verdict; when `drain()` answers false, the caller checks
 * again on one thread, which names the receipt. The parse and the checks are never done twice, nor by a
 * thread whose code is still cold; the workers run nothing but the verify.
 *
 * Under tsx (the sources are .ts) each worker registers tsx's require hook before loading worker.ts, because
 * Node 20 does not pass module loader hooks on to worker threads; compiled .js workers load directly.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { KeyObject } from 'node:crypto';
import type { SignatureCheck } from '../../../domain/receipts/bundle-range.ts';
import { signatureProblem } from '../../../domain/receipts/ed25519-strict.ts';
import { verifyBytes } from '../../../domain/receipts/keys.ts';
import type { PublicReceiptKey } from '../../../domain/receipts/keys.ts';
import {
  BAD,
  CLAIMED,
  END,
  FAILED,
  KEYS,
  MAX_KEYS,
  newRing,
  PRODUCED,
  SLEEPING,
  SLOT_BYTES,
  VERIFIED,
  verifyTaken,
  WATCHED,
} from './ring.ts';
import type { Ring } from './ring.ts';

const spawn = (ring: Ring): Worker => {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./worker.js', self), { workerData: ring });
  const tsxHook = createRequire(self).resolve('tsx/cjs/api');
  const workerFile = fileURLToPath(new URL('./worker.ts', self));
  const boot = `require(${JSON.stringify(tsxHook)}).register();\nrequire(${JSON.stringify(workerFile)});`;
  return new Worker(boot, { eval: true, workerData: ring });
};

/**
 * Signatures waiting in the ring, per worker, before this thread verifies one itself: enough for a worker
 * to verify while this thread parses a chunk of receipts (some 1,000: 10 to 20 ms), and few enough that
 * the last ones, left when this thread is done, take a few milliseconds.
 */
const AHEAD_PER_WORKER = 128;

export interface Offload {
  /** The signature check to give the range checks: hands the verify over and answers true. */
  readonly check: SignatureCheck;
  /** Signatures verified since the last drain, over every thread. */
  verified(): number;
  /**
   * Verifies what is left (this thread too) and waits for the workers: true when every signature handed
   * over since the last drain verified. The ring can be used again after.
   */
  drain(): boolean;
  /** Stops the workers, for good: nothing is checked after. */
  close(): void;
}

/** Starts `workers` worker threads on a new ring; they wait for its first signature. */
export const startOffload = (workers: number): Offload => {
  const ahead = AHEAD_PER_WORKER * workers;
  let slots = 1024;
  while (slots < 8 * ahead) slots *= 2;
  const ring = newRing(slots);
  const { ctrl, seq, meta, data, keyTable, mask } = ring;
  const threads = Array.from({ length: workers }, () => spawn(ring));
  // A worker that cannot start takes nothing: this thread verifies what it would have.
  for (const w of threads) w.on('error', () => undefined);
  const keyIndex = new Map<PublicReceiptKey, number>();
  const keyObjects: KeyObject[] = [];
  let produced = 0;
  let base = 0;

  const indexOf = (key: PublicReceiptKey): number => {
    const known = keyIndex.get(key);
    if (known !== undefined) return known;
    const k = keyObjects.length;
    if (k >= MAX_KEYS) return -1;
    keyTable.set(key.raw, 32 * k);
    keyObjects.push(key.publicKey);
    keyIndex.set(key, k);
    Atomics.store(ctrl, KEYS, k + 1);
    return k;
  };
  /** Verifies the next waiting item here; false when none waits. */
  const helpOne = (): boolean => {
    const c = Atomics.load(ctrl, CLAIMED);
    if (c >= produced) return false;
    if (Atomics.compareExchange(ctrl, CLAIMED, c, c + 1) === c) verifyTaken(ring, keyObjects, c);
    return true;
  };
  const failed = (): boolean => Atomics.load(ctrl, FAILED) !== 0;
  /**
   * Waits until `done()` holds or a worker fails. The count is read before `done()` is asked, so a verify
   * that makes it hold after it was asked also changes the count, and the wait returns at once.
   */
  const waitUntil = (done: () => boolean): void => {
    Atomics.store(ctrl, WATCHED, 1);
    for (;;) {
      const v = Atomics.load(ctrl, VERIFIED);
      if (done() || failed()) break;
      if (!helpOne()) Atomics.wait(ctrl, VERIFIED, v, 1000);
    }
    Atomics.store(ctrl, WATCHED, 0);
  };

  const check: SignatureCheck = (key, signed, signature) => {
    // A signature already known bad: the caller's verdict will not stand, so stop its checks here.
    if (Atomics.load(ctrl, BAD) !== 0 || failed()) return false;
    if (signatureProblem(signature) !== null) return false;
    const k = indexOf(key);
    if (k < 0 || signed.length > SLOT_BYTES - 64) return verifyBytes(key, signed, signature);
    const i = produced;
    const slot = i & mask;
    if (i > mask) {
      waitUntil(() => Atomics.load(seq, slot) === i - mask);
      if (failed()) return false;
    }
    const at = slot * SLOT_BYTES;
    data.set(signed, at);
    data.set(signature, at + SLOT_BYTES - 64);
    meta[2 * slot] = signed.length;
    meta[2 * slot + 1] = k;
    produced = i + 1;
    Atomics.store(ctrl, PRODUCED, produced);
    if (Atomics.load(ctrl, SLEEPING) !== 0) Atomics.notify(ctrl, PRODUCED);
    while (produced - Atomics.load(ctrl, CLAIMED) > ahead) helpOne();
    return true;
  };

  return {
    check,
    verified: () => Atomics.load(ctrl, VERIFIED) - base,
    drain() {
      waitUntil(() => Atomics.load(ctrl, VERIFIED) >= produced);
      base = Atomics.load(ctrl, VERIFIED);
      const bad = Atomics.exchange(ctrl, BAD, 0) !== 0;
      return !bad && !failed();
    },
    close() {
      Atomics.store(ctrl, END, 1);
      Atomics.notify(ctrl, PRODUCED);
      for (const w of threads) void w.terminate();
    },
  };
};
