/**
 * Verification from bytes in chunks: the same verdict as the whole text strictly parsed and verifyBundle,
 * for good bundles (answered from the chunks) and for any edit of their bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleLog, sampleWitness } from '../../../test/support/sample-log.ts';
import type { SampleWitness } from '../../../test/support/sample-log.ts';
import { verifyBundle } from './bundle.ts';
import { verifyBundleBytes, verifyChunked } from './bundle-chunks.ts';
import type { VerifyBytesOptions } from './bundle-chunks.ts';
import { evenWeights, splitBundleBytes } from './bundle-split.ts';
import { failure } from './bundle-verdict.ts';
import type { BundleVerdict } from './bundle-verdict.ts';
import { witnessKey } from './cosignature.ts';
import type { SignedReceipt } from './receipt-format.ts';
import { parseStrictJsonBytes } from './strict-json.ts';

const T0 = Date.UTC(2026, 0, 1) / 1000;
const w1 = sampleWitness('w1');
const w2 = sampleWitness('w2');
const pin = (...ws: SampleWitness[]) => ws.map((w) => witnessKey(w.name, w.key.raw));
const by = (at: number, ...ws: SampleWitness[]) => ws.map((witness) => ({ witness, at }));
const nowMs = (T0 + 3600) * 1000;

const log = sampleLog({ count: 40, rotateAt: 20 });
const bytes = (value: unknown): Uint8Array => new Uint8Array(Buffer.from(JSON.stringify(value)));
const witnessed = log.bundle2({
  sizes: [10, 20, 40],
  cosign: (size) => (size === 40 ? by(T0 + 50, w1, w2) : by(T0 + size + 1, w1)),
});
const compromised = [
  { createdAt: '2025-01-01T00:00:00.000Z', retiredAt: null, compromisedAt: '2026-01-01T00:00:20.000Z' },
  { createdAt: '2026-01-01T00:00:20.000Z', retiredAt: null, compromisedAt: null },
];
const withWitnesses: VerifyBytesOptions = { witnesses: pin(w1, w2), minWitnesses: 1, nowMs };

/** The path that has always given the verdict: the whole text parsed strictly, then verifyBundle. */
const whole = (raw: Uint8Array, options: VerifyBytesOptions): BundleVerdict => {
  const parsed = parseStrictJsonBytes(raw);
  if (!parsed.ok) return failure('bundle', `the file is not strict UTF-8 JSON: ${parsed.error}`);
  return verifyBundle(parsed.value, options);
};

const same = (raw: Uint8Array, options: VerifyBytesOptions): BundleVerdict => {
  const want = whole(raw, options);
  const chunked = verifyChunked(raw, options);
  if (chunked !== null) expect(chunked).toEqual(want);
  expect(verifyBundleBytes(raw, options)).toEqual(want);
  return want;
};

const goods: [string, Uint8Array, VerifyBytesOptions][] = [
  ['format 1', bytes(log.bundle()), {}],
  ['format 2, three checkpoints', bytes(log.bundle2({ sizes: [5, 21, 40] })), {}],
  ['format 2, witnessed, the retired key covered in time', bytes(witnessed), withWitnesses],
  ['with an older checkpoint', bytes(log.bundle()), { previousCheckpoint: log.checkpointAt(17) }],
  ['against the published keys', bytes(log.bundle2()), { trustedKeys: log.keys }],
];

describe('verifyBundleBytes', () => {
  it('answers good bundles from the chunks, with the verdict of the whole text', () => {
    for (const [name, raw, options] of goods) {
      for (const chunkBytes of [200, 1500, 6000, undefined]) {
        const o = chunkBytes === undefined ? options : { ...options, chunkBytes };
        const want = whole(raw, o);
        expect(want, name).toMatchObject({ ok: true, treeSize: 40 });
        expect(verifyChunked(raw, o), name).toEqual(want);
        expect(verifyBundleBytes(raw, o), name).toEqual(want);
      }
      // The small chunks are many (so the seams between them were checked).
      expect(splitBundleBytes(raw, evenWeights(Math.round(raw.length / 1500)))?.pieces.length).toBeGreaterThan(10);
    }
  });

  it('answers every failure as the whole text does, naming the same entry', () => {
    const r25 = log.receipts[25] as SignedReceipt;
    const changed = [...log.receipts];
    changed[25] = { ...r25, body: { ...r25.body, kind: 'deploy' } };
    const swapped = [...log.receipts];
    [swapped[20], swapped[21]] = [swapped[21] as SignedReceipt, swapped[20] as SignedReceipt];
    const text = JSON.stringify({ ...log.bundle(), receipts: changed });
    const late = text.lastIndexOf('"signature":"');
    const cases: [Uint8Array, VerifyBytesOptions][] = [
      [bytes({ ...log.bundle(), receipts: changed }), {}],
      [bytes({ ...log.bundle(), receipts: swapped }), {}],
      [bytes({ ...log.bundle(), receipts: log.receipts.slice(0, 39) }), {}],
      [bytes({ ...log.bundle(), receipts: [...log.receipts, log.receipts[39]] }), {}],
      [bytes(log.bundle()), { previousCheckpoint: sampleLog({ count: 40, startMs: 1 }).checkpointAt(17) }],
      [bytes(log.bundle()), { expectedOrigin: 'elsewhere.example/receipts/cus_x' }],
      // The first key's receipts are covered only by the last checkpoint, cosigned after its compromise.
      [bytes(log.bundle2({ cosign: () => by(T0 + 50, w1), lifecycles: compromised })), withWitnesses],
      [bytes(witnessed), { ...withWitnesses, minWitnesses: 3 }],
      // A bad receipt early and a member twice in a late one: the whole file is not strict JSON.
      [new Uint8Array(Buffer.from(`${text.slice(0, late)}"signature":"x",${text.slice(late)}`)), {}],
      [new Uint8Array(Buffer.from(`\ufeff${JSON.stringify(log.bundle())}`)), {}],
      [bytes({ ...log.bundle(), receipts: [] }), {}],
    ];
    for (const [raw, options] of cases)
      for (const chunkBytes of [200, 1500, undefined]) {
        const o = chunkBytes === undefined ? options : { ...options, chunkBytes };
        expect(verifyChunked(raw, o)).toBeNull();
        expect(same(raw, o).ok).toBe(false);
      }
  });

  it('gives the whole text verdict for any edit of the bytes', () => {
    const texts = [JSON.stringify(log.bundle()), JSON.stringify(witnessed)];
    const snippets = [' ', '\n', '"},{"body":', '"', '\\', ']', '[', '}', '{', ',', '"a":1,', '\\ud800', 'é', '\ufeff'];
    // An edit: a snippet at a place, or a member name repeated (the first of the two holding another value,
    // which JSON.parse drops: only the strict parse refuses it), or whitespace after a comma.
    const edit = fc.oneof(
      fc.record({ at: fc.nat(), cut: fc.nat({ max: 8 }), insert: fc.constantFrom(...snippets) }),
      fc.record({ at: fc.nat(), name: fc.constantFrom('signature', 'body', 'id', 'kind', 'keyId') }),
      fc.record({ at: fc.nat(), space: fc.constantFrom(' ', '\n', '\t') }),
    );
    const seen = { chunked: 0, good: 0, bad: 0 };
    fc.assert(
      fc.property(
        fc.nat({ max: 1 }),
        fc.array(edit, { minLength: 0, maxLength: 3 }),
        fc.integer({ min: 150, max: 8000 }),
        (which, edits, chunkBytes) => {
          let t = texts[which] ?? '';
          for (const e of edits) {
            const at = e.at % (t.length + 1);
            if ('insert' in e) t = t.slice(0, at) + e.insert + t.slice(at + e.cut);
            else if ('name' in e) {
              const i = t.indexOf(`"${e.name}":`, at);
              if (i >= 0) t = `${t.slice(0, i)}"${e.name}":"repeated",${t.slice(i)}`;
            } else {
              const i = t.indexOf(',', at);
              if (i >= 0) t = t.slice(0, i + 1) + e.space + t.slice(i + 1);
            }
          }
          const raw = new Uint8Array(Buffer.from(t));
          const options = { ...(which === 1 ? withWitnesses : {}), chunkBytes };
          if (verifyChunked(raw, options) !== null) seen.chunked++;
          if (same(raw, options).ok) seen.good++;
          else seen.bad++;
        },
      ),
      { numRuns: 400 },
    );
    // Both sides were exercised: texts still good (most answered from the chunks), and texts refused.
    expect(seen.chunked).toBeGreaterThan(40);
    expect(seen.good).toBeGreaterThanOrEqual(seen.chunked);
    expect(seen.bad).toBeGreaterThan(100);
  });
});
