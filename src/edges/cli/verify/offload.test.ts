/**
 * The offload of `tai verify`'s signatures to worker threads (real threads, loaded through tsx): a check
 * answers true at once, and drain() tells whether every signature handed over verified.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateSigningKey, signBytes, verifyBytes } from '../../../domain/receipts/keys.ts';
import type { SigningKey } from '../../../domain/receipts/keys.ts';
import { startOffload } from './offload.ts';
import type { Offload } from './offload.ts';
import { MAX_KEYS, SLOT_BYTES } from './ring.ts';

const started: Offload[] = [];
const offload = (workers: number): Offload => {
  const o = startOffload(workers);
  started.push(o);
  return o;
};
afterEach(() => {
  for (const o of started.splice(0)) o.close();
});

const message = (i: number, length = 200): Uint8Array => Buffer.alloc(length, `message ${i} `);
const signed = (key: SigningKey, i: number, length?: number): [Uint8Array, Uint8Array] => {
  const m = message(i, length);
  return [m, signBytes(key, m)];
};

describe('verify offload', () => {
  it('verifies more signatures than the ring has slots, and drains true', () => {
    const key = generateSigningKey();
    const o = offload(2);
    const n = 5000; // past the ring's 1,024 slots several times
    // The buffers given to a check are reused by the caller: the ring must copy them.
    const m = Buffer.alloc(200);
    const s = Buffer.alloc(64);
    for (let i = 0; i < n; i++) {
      const [mi, si] = signed(key, i);
      m.set(mi);
      s.set(si);
      expect(o.check(key, m, s)).toBe(true);
    }
    expect(o.drain()).toBe(true);
    expect(o.verified()).toBe(0); // counted from the drain
  });

  it('drains false when one signature among many does not verify, and true again after', () => {
    const key = generateSigningKey();
    const o = offload(1);
    for (let i = 0; i < 600; i++) {
      const [m, s] = signed(key, i);
      const sig = i === 300 ? signed(key, i + 1)[1] : s;
      o.check(key, m, sig);
    }
    expect(o.drain()).toBe(false);
    for (let i = 0; i < 100; i++) expect(o.check(key, ...signed(key, i))).toBe(true);
    expect(o.drain()).toBe(true);
  });

  it('once a signature is known bad, answers false, so that the caller stops', () => {
    const key = generateSigningKey();
    const o = offload(1);
    const [m] = signed(key, 0);
    expect(o.check(key, m, signed(key, 1)[1])).toBe(true);
    while (o.verified() < 1) {
      // the worker takes it and finds it bad
    }
    expect(o.check(key, ...signed(key, 2))).toBe(false);
    expect(o.drain()).toBe(false);
  });

  it('verifies here, and answers, what the ring does not carry: a long message, keys past its table', () => {
    const o = offload(1);
    const key = generateSigningKey();
    const [long, longSig] = signed(key, 0, SLOT_BYTES);
    expect(o.check(key, long, longSig)).toBe(true);
    expect(o.check(key, long, signed(key, 1, SLOT_BYTES)[1])).toBe(false);
    const keys = Array.from({ length: MAX_KEYS + 3 }, generateSigningKey);
    for (const [i, k] of keys.entries()) expect(o.check(k, ...signed(k, i))).toBe(true);
    const last = keys[MAX_KEYS + 2];
    if (last === undefined) throw new Error('no key');
    expect(o.check(last, message(0), signBytes(last, message(1)))).toBe(false);
    expect(o.drain()).toBe(true);
  });

  it('refuses a signature with a small-order R here, as verifyBytes does', () => {
    const key = generateSigningKey();
    const o = offload(1);
    const [m, s] = signed(key, 0);
    const forged = Uint8Array.from(s);
    forged.set(new Uint8Array(32)); // R = 0: a small-order point (y = 0)
    expect(verifyBytes(key, m, forged)).toBe(false);
    expect(o.check(key, m, forged)).toBe(false);
    expect(o.drain()).toBe(true); // nothing bad was handed over
  });
});
