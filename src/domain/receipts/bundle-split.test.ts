/** Cutting a bundle for parsing on several threads: the pieces are the receipts, and no cut is trusted. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleLog } from '../../../test/support/sample-log.ts';
import { evenWeights, splitBundleBytes } from './bundle-split.ts';
import { parseStrictJsonBytes, parseStrictJsonElements } from './strict-json.ts';

const log = sampleLog({ count: 12, rotateAt: 6 });
const bundle = log.bundle2();
const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text));

/**
 * What a caller may conclude from a split (run-verify.ts): the receipts, when the frame and every piece
 * hold (strict, non-empty arrays, the frame's last member `receipts: []`), else null.
 */
const fromSplit = (raw: Uint8Array, weights: readonly number[]): unknown => {
  const split = splitBundleBytes(raw, weights);
  if (split === null) return null;
  const frame = parseStrictJsonBytes(split.frame);
  if (!frame.ok || typeof frame.value !== 'object' || frame.value === null) return null;
  const f = frame.value as Record<string, unknown>;
  const empty = Array.isArray(f['receipts']) && f['receipts'].length === 0;
  if (Object.keys(f).at(-1) !== 'receipts' || !empty) return null;
  const receipts: unknown[] = [];
  for (const piece of split.pieces) {
    const p = parseStrictJsonElements(piece);
    if (!p.ok || !Array.isArray(p.value) || p.value.length === 0) return null;
    receipts.push(...(p.value as unknown[]));
  }
  return { ...f, receipts };
};

describe('splitBundleBytes', () => {
  it('gives the frame and pieces whose receipts, in order, are the bundle', () => {
    const raw = bytes(JSON.stringify(bundle));
    for (const parts of [1, 2, 3, 5]) {
      expect(splitBundleBytes(raw, evenWeights(parts))?.pieces).toHaveLength(parts);
      expect(fromSplit(raw, evenWeights(parts))).toEqual(bundle);
    }
    // More parts than seams after the cuts' places: fewer pieces.
    const many = splitBundleBytes(raw, evenWeights(40))?.pieces.length ?? 0;
    expect(many).toBeGreaterThan(1);
    expect(many).toBeLessThanOrEqual(12);
    expect(fromSplit(raw, evenWeights(40))).toEqual(bundle);
    // A heavier first piece: more receipts in it, and still the same bundle.
    const weighted = splitBundleBytes(raw, [2, 1])?.pieces ?? [];
    expect((weighted[0]?.length ?? 0) > (weighted[1]?.length ?? 0)).toBe(true);
    expect(fromSplit(raw, [2, 1])).toEqual(bundle);
    // Pieces of falling sizes: the same bundle.
    const falling = [8, 4, 2, 1, 1];
    expect(splitBundleBytes(raw, falling)?.pieces.length ?? 0).toBeGreaterThan(3);
    expect(fromSplit(raw, falling)).toEqual(bundle);
    const frame = splitBundleBytes(raw, evenWeights(2))?.frame ?? new Uint8Array();
    expect(JSON.parse(Buffer.from(frame).toString())).toEqual({ ...bundle, receipts: [] });
  });

  it('declines layouts other than the exported one, or its pieces do not hold', () => {
    const { receipts, ...rest } = bundle;
    for (const text of [`\ufeff${JSON.stringify(bundle)}`, JSON.stringify({ ...bundle, receipts: [] }), '[]', ''])
      expect(splitBundleBytes(bytes(text), evenWeights(3))).toBeNull();
    expect(splitBundleBytes(bytes(JSON.stringify(bundle, null, 2)), evenWeights(3))?.pieces).toHaveLength(1);
    // Receipts first: the last `]` closes the checkpoints, so the last piece runs into other members.
    const first = bytes(JSON.stringify({ receipts, ...rest }));
    expect(splitBundleBytes(first, evenWeights(3))).not.toBeNull();
    expect(fromSplit(first, evenWeights(3))).toBeNull();
  });

  it('is sound: whatever the bytes, a split that holds gives the strict parse of the whole text', () => {
    const text = JSON.stringify(bundle);
    const snippets = [
      '"},{"body":',
      '\\"},{"body":',
      '"',
      '\\',
      ']',
      '[',
      '}',
      '{',
      ',',
      ' ',
      '"receipts":[',
      '"a":1,',
      '"signature":"x",',
      '\\ud800',
      'é',
      '\u2014',
      '\ufeff',
    ];
    const edit = fc.record({
      at: fc.nat({ max: text.length }),
      cut: fc.nat({ max: 12 }),
      insert: fc.constantFrom(...snippets),
    });
    const seen = { held: 0, refused: 0 };
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 6 }), (edits, parts) => {
        let t = text;
        for (const e of edits) t = t.slice(0, e.at) + e.insert + t.slice(e.at + e.cut);
        const raw = bytes(t);
        const split = fromSplit(raw, evenWeights(parts));
        if (split === null) {
          seen.refused++;
          return;
        }
        seen.held++;
        const whole = parseStrictJsonBytes(raw);
        expect(whole.ok).toBe(true);
        if (whole.ok) expect(split).toEqual(whole.value);
      }),
      { numRuns: 2000 },
    );
    // Both sides were exercised: edited texts that still split soundly, and ones refused.
    expect(seen.held).toBeGreaterThan(50);
    expect(seen.refused).toBeGreaterThan(50);
  });

  it('finds a seam inside a receipt and lets the pieces refuse it', () => {
    // A member holding the seam's bytes: a cut there leaves pieces that do not parse.
    const nested = bundle.receipts.map((r) => ({ ...r, body: { ...r.body, x: [{ a: 'b' }, { body: 1 }] } }));
    const raw = bytes(JSON.stringify({ ...bundle, receipts: nested }));
    const cuts = [2, 3, 4].map((parts) => fromSplit(raw, evenWeights(parts)));
    expect(cuts).toContain(null);
    for (const c of cuts) if (c !== null) expect(c).toEqual({ ...bundle, receipts: nested });
  });
});
