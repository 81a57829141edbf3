/**
 * Bundle format 2 against what the attacker does: a key used past its retirement or compromise
 * (judged by witnessed time, not the signer's claim), a rolled-back tail paired with an older genuine
 * checkpoint under --max-age, a split view, and an identity key.
 */
import { describe, expect, it } from 'vitest';
import { buildBundle, verifyBundle } from './bundle.ts';
import { logOrigin, signCheckpoint } from './checkpoint.ts';
import { MemoryTree } from './memory-tree.ts';
import { verifyNote } from './note.ts';
import { buildReceipt, nextPreviousHash, receiptLeafHash, signReceipt } from './receipt.ts';
import { GENESIS_PREVIOUS_HASH } from './receipt-format.ts';
import type { SignedReceipt } from './receipt-format.ts';
import type { ReceiptBundle2 } from './bundle.ts';
import { witnessKey } from './cosignature.ts';
import { keyIdOf } from './keys.ts';
import { sampleLog, sampleWitness, seedKey } from '../../../test/support/sample-log.ts';
import type { SampleWitness } from '../../../test/support/sample-log.ts';

const T0 = Date.UTC(2026, 0, 1) / 1000;
const w1 = sampleWitness('w1');
const w2 = sampleWitness('w2');
const pin = (...ws: SampleWitness[]) => ws.map((w) => witnessKey(w.name, w.key.raw));
const by = (at: number, ...ws: SampleWitness[]) => ws.map((witness) => ({ witness, at }));
const log = sampleLog({ count: 30, rotateAt: 20 });
const nowMs = (T0 + 60) * 1000;
const json = (b: ReceiptBundle2): unknown => JSON.parse(JSON.stringify(b));

describe('bundle format 2 with witnesses', () => {
  const good = log.bundle2({
    sizes: [20, 30],
    cosign: (size) => (size === 20 ? by(T0 + 21, w1) : by(T0 + 40, w1, w2)),
  });

  it('verifies, naming the witnesses and the freshest quorum time', () => {
    expect(
      verifyBundle(json(good), { witnesses: pin(w1, w2), minWitnesses: 2, maxAgeMs: 3_600_000, nowMs }),
    ).toMatchObject({
      ok: true,
      format: 2,
      treeSize: 30,
      witnesses: [w1.name, w2.name],
      witnessedAt: new Date((T0 + 40) * 1000).toISOString(),
    });
    expect(verifyBundle(json(good))).toMatchObject({ ok: true, witnessedAt: null });
  });

  it('refuses receipts of a compromised key that no checkpoint witnessed before the compromise covers', () => {
    const lifecycles = [
      {
        createdAt: '2025-01-01T00:00:00.000Z',
        retiredAt: '2026-01-01T00:00:20.000Z',
        compromisedAt: '2026-01-01T00:00:25.000Z',
      },
      { createdAt: '2026-01-01T00:00:20.000Z', retiredAt: null, compromisedAt: null },
    ];
    const late = log.bundle2({ lifecycles, cosign: () => by(T0 + 40, w1) });
    expect(verifyBundle(json(late), { witnesses: pin(w1), nowMs })).toMatchObject({
      ok: false,
      entry: 'receipt',
      index: 19,
    });
    // By its own claim every receipt predates the compromise: without witnesses that is all there is.
    expect(verifyBundle(json(late), { nowMs })).toMatchObject({ ok: true });
    // Witnessed at size 20 before the compromise: the key's receipts are placed in time.
    const placed = log.bundle2({ lifecycles, sizes: [20, 30], cosign: (s) => by(s === 20 ? T0 + 22 : T0 + 40, w1) });
    expect(verifyBundle(json(placed), { witnesses: pin(w1), nowMs })).toMatchObject({ ok: true });
  });

  it('refuses a checkpoint signed by a retired key after its retirement, and receipts claimed after it', () => {
    const single = sampleLog({ count: 5 });
    const retired = [
      { createdAt: '2025-01-01T00:00:00.000Z', retiredAt: '2025-12-01T00:00:00.000Z', compromisedAt: null },
    ];
    expect(verifyBundle(json(single.bundle2({ lifecycles: retired })))).toMatchObject({
      ok: false,
      entry: 'receipt',
      index: 0,
    });
    const soon = [
      { createdAt: '2025-01-01T00:00:00.000Z', retiredAt: '2026-01-01T00:00:02.000Z', compromisedAt: null },
    ];
    const witnessedLate = single.bundle2({ lifecycles: soon, cosign: () => by(T0 + 3 * 86_400, w1) });
    expect(verifyBundle(json(witnessedLate), { witnesses: pin(w1), nowMs: (T0 + 3 * 86_400) * 1000 })).toMatchObject({
      ok: false,
      entry: 'checkpoint',
    });
  });

  it('refuses a rolled-back bundle whose newest cosignature is older than --max-age', () => {
    const cut = sampleLog({ count: 20, rotateAt: 20 });
    const rolledBack = cut.bundle2({ cosign: () => by(T0 + 21, w1) });
    const later = (T0 + 3 * 3600) * 1000;
    expect(verifyBundle(json(rolledBack), { witnesses: pin(w1), maxAgeMs: 3_600_000, nowMs: later })).toMatchObject({
      ok: false,
      entry: 'checkpoint',
      reason: expect.stringContaining('rolled back'),
    });
    expect(verifyBundle(json(rolledBack), { witnesses: pin(w1), nowMs: later })).toMatchObject({ ok: true });
  });

  it('refuses a split view: two checkpoints of one size, each shown to a different witness', () => {
    const fork = sampleLog({ count: 30, rotateAt: 20, startMs: Date.UTC(2026, 0, 1, 0, 0, 1) });
    const seenByW1 = log.bundle2({ cosign: () => by(T0 + 40, w1) });
    const seenByW2 = fork.bundle2({ cosign: () => by(T0 + 40, w2) });
    for (const b of [seenByW1, seenByW2]) {
      expect(verifyBundle(json(b), { witnesses: pin(w1, w2), minWitnesses: 2, nowMs })).toMatchObject({
        ok: false,
        entry: 'checkpoint',
        reason: 'cosigned by 1 of the pinned witnesses; 2 required',
      });
    }
  });

  it('refuses a bad or future cosignature, and an unwitnessed bundle when witnesses are pinned', () => {
    const future = log.bundle2({ cosign: () => by(T0 + 86_400, w1) });
    expect(verifyBundle(json(future), { witnesses: pin(w1), nowMs })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('future'),
    });
    const bare = log.bundle2();
    expect(verifyBundle(json(bare), { witnesses: pin(w1), nowMs })).toMatchObject({ ok: false, entry: 'checkpoint' });
    const flipped = good.checkpoints[1]?.replace(
      /(\u2014 witness\.example\/w2 \S{20})(\S)/u,
      (_, a: string, c: string) => a + (c === 'A' ? 'B' : 'A'),
    );
    const tampered = { ...good, checkpoints: [good.checkpoints[0], flipped] };
    expect(verifyBundle(json(tampered as ReceiptBundle2), { witnesses: pin(w1, w2), nowMs })).toMatchObject({
      ok: false,
      entry: 'checkpoint',
    });
  });

  it('refuses the identity point as a key', () => {
    const identity = Buffer.alloc(32);
    identity[0] = 1;
    const b = log.bundle2();
    const [k0, ...rest] = b.keys.keys;
    const keys = { keys: [{ ...k0, x: identity.toString('base64url'), kid: keyIdOf(identity) }, ...rest] } as never;
    expect(verifyBundle(json({ ...b, keys }))).toMatchObject({
      ok: false,
      entry: 'keys',
      reason: expect.stringContaining('small order'),
    });
  });
});

describe('order along a format 2 log, and note characters', () => {
  const key = seedKey('order key');
  const origin = logOrigin('cus_order');
  const logOf = (issued: readonly number[], ids?: readonly string[]): unknown => {
    const receipts: SignedReceipt[] = [];
    const tree = new MemoryTree();
    let previousHash = GENESIS_PREVIOUS_HASH;
    issued.forEach((ms, i) => {
      const r = signReceipt(
        buildReceipt({
          ...(ids?.[i] === undefined ? {} : { id: ids[i] }),
          customerId: 'cus_order',
          logIndex: i,
          kind: 'quote',
          mode: 'eval',
          authority: 'advisory',
          nowMs: ms,
          request: i,
          result: i,
          contractReference: null,
          insurance: null,
          disclaimer: 'Advisory only.',
          previousHash,
          keyId: key.kid,
        }),
        key,
      );
      receipts.push(r);
      tree.append(receiptLeafHash(r));
      previousHash = nextPreviousHash(r);
    });
    const checkpoint = signCheckpoint({ origin, treeSize: receipts.length, rootHash: tree.root() }, key);
    return JSON.parse(JSON.stringify(buildBundle({ origin, keys: [key], checkpoint, receipts })));
  };
  const t = Date.UTC(2026, 0, 1);

  it('refuses an issuedAt that falls, and an id that does not rise (a duplicate)', () => {
    expect(verifyBundle(logOf([t, t + 1000, t + 2000]))).toMatchObject({ ok: true });
    expect(verifyBundle(logOf([t, t + 1000, t - 365 * 86_400_000]))).toMatchObject({
      ok: false,
      index: 2,
      reason: expect.stringContaining('is before the previous receipt'),
    });
    const id = 'rcpt_01kf2a0000000000000000000a';
    expect(verifyBundle(logOf([t, t], [id, id]))).toMatchObject({
      ok: false,
      index: 1,
      reason: expect.stringContaining('does not rise'),
    });
  });

  it('refuses DEL and C1 control characters in a note', () => {
    for (const c of ['\u007f', '\u0085', '\u009f', '\u0000']) {
      const note = signCheckpoint({ origin, treeSize: 0, rootHash: new MemoryTree().root() }, key);
      expect(verifyNote(note.replace('cus_order', `cus_order${c}`), origin, [key]).ok).toBe(false);
    }
  });
});
