/**
 * The ring through which `tai verify` hands receipt signatures to its worker threads: shared memory only,
 * no message per signature. The main thread parses and checks every receipt and writes each one's signed
 * bytes, signature and key index into the next slot (offload.ts); every thread, the main one included,
 * takes the next slot in turn and verifies it (verifyTaken). A worker imports only this file, so that its
 * start-up is a thread and node:crypto.
 *
 * Counters (Int32 at the indexes below) rise for the whole run. Slot s holds item i with i % slots = s; the
 * main thread writes item i only once item i - slots is verified (seq[s] is i - slots + 1), and publishes it
 * by raising PRODUCED. Every write of a slot comes before the Atomics operation that hands it on, so each
 * reader sees it whole.
 */
import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** One signed message, at most SLOT_BYTES - 64 bytes, then its 64-byte signature at the slot's end. */
export const SLOT_BYTES = 2048;
/** Keys the ring names by index; a bundle with more has the rest verified where they come up. */
export const MAX_KEYS = 256;

/** Items handed out. */
export const PRODUCED = 0;
/** The next item to take (workers waiting for an item hold the ones just past PRODUCED). */
export const CLAIMED = 1;
/** Items verified. */
export const VERIFIED = 2;
/** 1 once no item will come: waiting workers return. */
export const END = 3;
/** Workers waiting for PRODUCED to rise. */
export const SLEEPING = 4;
/** 1 once a signature did not verify (the main thread clears it when it drains the ring). */
export const BAD = 5;
/** 1 once a worker stopped on an error: whatever it held stays unverified. */
export const FAILED = 6;
/** Keys in the key table. */
export const KEYS = 7;
/** 1 while the main thread waits for VERIFIED to rise. */
export const WATCHED = 8;

export interface Ring {
  readonly ctrl: Int32Array;
  /** Per slot, 1 + the index of the item last verified in it. */
  readonly seq: Int32Array;
  /** Per slot, the message's length and its key's index. */
  readonly meta: Int32Array;
  readonly data: Uint8Array;
  /** MAX_KEYS raw 32-byte Ed25519 public keys, already checked by the main thread. */
  readonly keyTable: Uint8Array;
  readonly mask: number;
}

const shared = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(bytes);

/** A ring of `slots` slots (a power of two). */
export const newRing = (slots: number): Ring => ({
  ctrl: new Int32Array(shared(4 * (WATCHED + 1))),
  seq: new Int32Array(shared(4 * slots)),
  meta: new Int32Array(shared(8 * slots)),
  data: new Uint8Array(shared(SLOT_BYTES * slots)),
  keyTable: new Uint8Array(shared(32 * MAX_KEYS)),
  mask: slots - 1,
});

/** This thread's key objects for the ring's key table, loaded as the table grows. */
const keyAt = (ring: Ring, keys: KeyObject[], k: number): KeyObject => {
  for (let j = keys.length, n = Atomics.load(ring.ctrl, KEYS); j < n; j++) {
    const x = Buffer.from(ring.keyTable.buffer, 32 * j, 32).toString('base64url');
    keys.push(createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' }));
  }
  const key = keys[k];
  if (key === undefined) throw new Error(`the verify ring names key ${k}, which is not in its table`);
  return key;
};

/** Verifies item `i`, which this thread took, and marks it done. */
export const verifyTaken = (ring: Ring, keys: KeyObject[], i: number): void => {
  const slot = i & ring.mask;
  const at = slot * SLOT_BYTES;
  const length = ring.meta[2 * slot] ?? 0;
  const key = keyAt(ring, keys, ring.meta[2 * slot + 1] ?? -1);
  let good: boolean;
  try {
    good = verify(
      null,
      ring.data.subarray(at, at + length),
      key,
      ring.data.subarray(at + SLOT_BYTES - 64, at + SLOT_BYTES),
    );
  } catch {
    good = false;
  }
  if (!good) Atomics.store(ring.ctrl, BAD, 1);
  Atomics.store(ring.seq, slot, i + 1);
  Atomics.add(ring.ctrl, VERIFIED, 1);
  if (Atomics.load(ring.ctrl, WATCHED) !== 0) Atomics.notify(ring.ctrl, VERIFIED);
};

/** A worker's part: takes items in turn and verifies them, waiting while none is ready, until END. */
export const serveRing = (ring: Ring): void => {
  const { ctrl } = ring;
  const keys: KeyObject[] = [];
  try {
    for (;;) {
      const i = Atomics.add(ctrl, CLAIMED, 1);
      for (let p = Atomics.load(ctrl, PRODUCED); i >= p; p = Atomics.load(ctrl, PRODUCED)) {
        if (Atomics.load(ctrl, END) !== 0) return;
        Atomics.add(ctrl, SLEEPING, 1);
        Atomics.wait(ctrl, PRODUCED, p);
        Atomics.sub(ctrl, SLEEPING, 1);
      }
      verifyTaken(ring, keys, i);
    }
  } catch (e) {
    Atomics.store(ctrl, FAILED, 1);
    Atomics.notify(ctrl, VERIFIED);
    throw e;
  }
};
