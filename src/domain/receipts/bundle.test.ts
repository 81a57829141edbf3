/** Bundle verification: a good log verifies; every kind of tampering fails and names the first bad entry. */
import { describe, expect, it } from 'vitest';
import { checkReceiptRange, mergeRanges } from './bundle-range.ts';
import { BUNDLE_FORMAT, verifyBundle } from './bundle.ts';
import type { BundleVerdict, ReceiptBundle } from './bundle.ts';
import { logOrigin, signCheckpoint } from './checkpoint.ts';
import { toHex } from './encoding.ts';
import { generateSigningKey } from './keys.ts';
import { bundleJwks } from './keyring.ts';
import { receiptLeafHash } from './receipt.ts';
import type { SignedReceipt } from './receipt-format.ts';
import { sampleLog } from '../../../test/support/sample-log.ts';

const log = sampleLog({ count: 12, rotateAt: 7 });
const good = log.bundle();
const at = (i: number): SignedReceipt => log.receipts[i] as SignedReceipt;
const withReceipts = (receipts: readonly unknown[]): unknown => ({ ...good, receipts });
const fromText = (bytes: Uint8Array): BundleVerdict => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, entry: 'bundle', index: null, receiptId: null, reason: 'not UTF-8 JSON' };
  }
  return verifyBundle(parsed);
};

describe('verifyBundle: a good log', () => {
  it('verifies, across a key rotation, and reports the size and root', () => {
    const verdict = verifyBundle(JSON.parse(JSON.stringify(good)));
    expect(verdict).toEqual({
      ok: true,
      origin: logOrigin('cus_01kf0000000000000000000000'),
      treeSize: 12,
      root: toHex(log.tree.root()),
      checkpointKid: log.keys[1]?.kid,
      previousTreeSize: null,
      format: 1,
      witnesses: [],
      witnessedAt: null,
    });
  });

  it('verifies an empty log', () => {
    const empty = sampleLog({ count: 0 }).bundle();
    expect(verifyBundle(empty)).toMatchObject({ ok: true, treeSize: 0 });
  });

  it('reports progress up to the total', () => {
    const seen: number[] = [];
    verifyBundle(good, { onProgress: (done, total) => seen.push(done / total) });
    expect(seen.at(-1)).toBe(1);
  });

  it('computes the same leaf hashes as the reference functions, and merges ranges like one pass', () => {
    const keys = new Map(log.keys.map((k) => [k.kid, k]));
    const whole = checkReceiptRange(log.receipts, 0, keys, log.customerId);
    expect(whole.failure).toBeNull();
    for (let i = 0; i < 12; i++)
      expect(toHex(whole.leafHashes.subarray(i * 32, i * 32 + 32))).toBe(toHex(receiptLeafHash(at(i))));
    const parts = [0, 5, 9].map((s, j, all) =>
      checkReceiptRange(log.receipts.slice(s, all[j + 1] ?? 12), s, keys, log.customerId),
    );
    expect(toHex(mergeRanges(parts).leafHashes)).toBe(toHex(mergeRanges([whole]).leafHashes));
  });
});

describe('verifyBundle: tampering', () => {
  const failsAt = (bundle: unknown, index: number, reason: RegExp): void => {
    const v = verifyBundle(bundle);
    expect(v).toMatchObject({ ok: false, entry: 'receipt', index });
    if (!v.ok) expect(v.reason).toMatch(reason);
  };

  it('a changed field of any receipt fails at that receipt, naming the key', () => {
    for (const i of [0, 6, 7, 11]) {
      const r = at(i);
      const changed = { ...r, body: { ...r.body, resultDigest: 'f'.repeat(64) } };
      failsAt(
        withReceipts(log.receipts.map((x, j) => (j === i ? changed : x))),
        i,
        new RegExp(`does not verify under key ${r.body.keyId}`),
      );
    }
  });

  it('a deleted receipt fails at its position; deleting the last one fails the checkpoint', () => {
    failsAt(withReceipts(log.receipts.filter((_, j) => j !== 4)), 4, /logIndex is 5, expected 4/);
    failsAt(withReceipts(log.receipts.slice(1)), 0, /logIndex is 1, expected 0/);
    expect(verifyBundle(withReceipts(log.receipts.slice(0, 11)))).toMatchObject({
      ok: false,
      entry: 'checkpoint',
      reason: expect.stringMatching(/covers 12 receipts, the bundle has 11/) as unknown,
    });
  });

  it('a receipt that is not exactly {body, signature} with a well-formed body fails at its position', () => {
    const r = at(3);
    failsAt(
      withReceipts(log.receipts.map((x, j) => (j === 3 ? { ...r, note: 'x' } : x))),
      3,
      /exactly the members body and signature/,
    );
    failsAt(
      withReceipts(log.receipts.map((x, j) => (j === 3 ? { ...r, body: { ...r.body, logIndex: '3' } } : x))),
      3,
      /malformed body at \/logIndex/,
    );
    failsAt(
      withReceipts(log.receipts.map((x, j) => (j === 3 ? { ...r, signature: `${r.signature}A` } : x))),
      3,
      /not base64url of 64 bytes/,
    );
    failsAt(withReceipts(log.receipts.map((x, j) => (j === 3 ? null : x))), 3, /not an object/);
  });

  it('reordered receipts fail at the first moved one', () => {
    const swapped = [...log.receipts];
    [swapped[3], swapped[8]] = [at(8), at(3)];
    failsAt(withReceipts(swapped), 3, /logIndex is 8/);
  });

  it('an inserted receipt fails at the insertion point: a copy, a forgery, a fork', () => {
    failsAt(
      withReceipts([...log.receipts.slice(0, 5), at(4), ...log.receipts.slice(5)]),
      5,
      /logIndex is 4, expected 5/,
    );
    const intruder = generateSigningKey();
    const forged = { ...at(5), body: { ...at(5).body, keyId: intruder.kid } };
    failsAt(
      withReceipts(log.receipts.map((x, j) => (j === 5 ? forged : x))),
      5,
      new RegExp(`key ${intruder.kid}, which is not in the bundle`),
    );
    // A receipt from another history of the same log, validly signed, with the right index.
    const fork = sampleLog({ count: 12, rotateAt: 7, startMs: Date.UTC(2030, 0, 1) });
    failsAt(withReceipts(log.receipts.map((x, j) => (j === 9 ? fork.receipts[9] : x))), 9, /previousHash/);
  });

  it('detects a chain break at a range boundary when ranges are checked in parallel', () => {
    const fork = sampleLog({ count: 12, rotateAt: 7, startMs: Date.UTC(2030, 0, 1) });
    const receipts = log.receipts.map((x, j) => (j === 5 ? (fork.receipts[5] as SignedReceipt) : x));
    const keys = new Map(log.keys.map((k) => [k.kid, k]));
    const parts = [
      checkReceiptRange(receipts.slice(0, 5), 0, keys, log.customerId),
      checkReceiptRange(receipts.slice(5), 5, keys, log.customerId),
    ];
    // Each range alone sees only the break after the fork (6); the merge finds the earlier one at the seam.
    expect(parts.map((p) => p.failure?.index ?? null)).toEqual([null, 6]);
    expect(mergeRanges(parts).failure).toMatchObject({
      index: 5,
      receiptId: fork.receipts[5]?.body.id,
      reason: expect.stringMatching(/previousHash/) as unknown,
    });
  });

  it('receipts beyond the signed checkpoint are named', () => {
    const v = verifyBundle({ ...good, checkpoint: log.checkpointAt(10) });
    expect(v).toMatchObject({ ok: false, entry: 'receipt', index: 10, receiptId: at(10).body.id });
  });

  it('a checkpoint over other leaves, or signed by a stranger, fails the checkpoint', () => {
    const fork = sampleLog({ count: 12, rotateAt: 7, startMs: Date.UTC(2030, 0, 1) });
    expect(verifyBundle({ ...good, checkpoint: fork.checkpointAt(12) })).toMatchObject({
      ok: false,
      entry: 'checkpoint',
      reason: expect.stringMatching(/Merkle root/) as unknown,
    });
    const stranger = generateSigningKey();
    const foreign = signCheckpoint({ origin: log.origin, treeSize: 12, rootHash: log.tree.root() }, stranger);
    expect(verifyBundle({ ...good, checkpoint: foreign })).toMatchObject({
      ok: false,
      entry: 'checkpoint',
      reason: expect.stringMatching(/no signature by a known key/) as unknown,
    });
  });

  it('the bundle frame and keys are checked first', () => {
    expect(verifyBundle({ ...good, format: 'tai-receipt-bundle/2' })).toMatchObject({ ok: false, entry: 'bundle' });
    expect(verifyBundle({ ...good, extra: 1 })).toMatchObject({ ok: false, entry: 'bundle' });
    expect(verifyBundle({ ...good, keys: { keys: [] } })).toMatchObject({ ok: false, entry: 'keys' });
    expect(verifyBundle({ ...good, keys: bundleJwks([log.keys[0] as never]) })).toMatchObject({
      ok: false,
      entry: 'receipt',
      index: 7,
    });
    expect(verifyBundle({ ...good, origin: logOrigin('cus_other') })).toMatchObject({
      ok: false,
      entry: 'receipt',
      index: 0,
      reason: expect.stringMatching(/customerId/) as unknown,
    });
  });

  it('a log re-signed by someone else verifies alone but not against the published keys', () => {
    const thief = generateSigningKey();
    const stolen: ReceiptBundle = {
      ...good,
      keys: bundleJwks([thief]),
      checkpoint: signCheckpoint({ origin: log.origin, treeSize: 12, rootHash: log.tree.root() }, thief),
    };
    expect(verifyBundle(stolen)).toMatchObject({ ok: false, entry: 'receipt', index: 0 });
    expect(verifyBundle(good, { trustedKeys: log.keys })).toMatchObject({ ok: true });
    expect(verifyBundle(good, { trustedKeys: [log.keys[1] as never] })).toMatchObject({ ok: false, entry: 'keys' });
  });

  it('flipping any byte of the serialized bundle fails, naming the receipt whose bytes changed', () => {
    const small = sampleLog({ count: 3 }).bundle();
    const text = JSON.stringify(small);
    const bytes = new TextEncoder().encode(text);
    const spans = small.receipts.map((r) => {
      const start = new TextEncoder().encode(text.slice(0, text.indexOf(JSON.stringify(r)))).length;
      return [start, start + new TextEncoder().encode(JSON.stringify(r)).length] as const;
    });
    expect(fromText(bytes).ok).toBe(true);
    for (let i = 0; i < bytes.length; i++) {
      for (const mask of [0x01, 1 << (i % 8)]) {
        const flipped = Uint8Array.from(bytes);
        flipped[i] = (flipped[i] ?? 0) ^ mask;
        const v = fromText(flipped);
        expect(v.ok, `byte ${i} ^ ${mask}`).toBe(false);
        const inReceipt = spans.findIndex(([s, e]) => i >= s && i < e);
        if (!v.ok && inReceipt >= 0 && v.entry !== 'bundle')
          expect([v.entry, v.index], `byte ${i}`).toEqual(['receipt', inReceipt]);
      }
    }
  });

  it('the format constant is the documented one', () => {
    expect(BUNDLE_FORMAT).toBe('tai-receipt-bundle/1');
  });
});

describe('verifyBundle: previous checkpoint', () => {
  it('accepts an older checkpoint of this log, at any size, across the key rotation', () => {
    for (const size of [0, 1, 6, 7, 8, 12]) {
      expect(verifyBundle(good, { previousCheckpoint: log.checkpointAt(size) })).toMatchObject({
        ok: true,
        previousTreeSize: size,
      });
    }
  });

  it('rejects an older checkpoint from another history, a bigger one, or one for another log', () => {
    const fork = sampleLog({ count: 12, rotateAt: 7, startMs: Date.UTC(2030, 0, 1) });
    expect(verifyBundle(good, { previousCheckpoint: fork.checkpointAt(5) })).toMatchObject({
      ok: false,
      entry: 'previous-checkpoint',
      reason: expect.stringMatching(/first 5 receipts/) as unknown,
    });
    const longer = sampleLog({ count: 13, rotateAt: 7 });
    expect(verifyBundle(good, { previousCheckpoint: longer.checkpointAt(13) })).toMatchObject({
      ok: false,
      entry: 'previous-checkpoint',
    });
    const other = sampleLog({ count: 3, customerId: 'cus_other' });
    expect(verifyBundle(good, { previousCheckpoint: other.checkpointAt(2) })).toMatchObject({
      ok: false,
      entry: 'previous-checkpoint',
      reason: expect.stringMatching(/origin/) as unknown,
    });
  });
});
