/** The body check and the fast canonical writer, held to the generic definitions by property tests. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../shared/canonical-json.ts';
import { bodyProblem, canonicalBodyText, isIsoInstant } from './receipt-format.ts';
import type { ReceiptBody } from './receipt-format.ts';

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const freeText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });
const instant = fc
  .date({ min: new Date(0), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString());

const body: fc.Arbitrary<ReceiptBody> = fc
  .record({
    id: fc.stringMatching(/^[0-9a-hjkmnp-tv-z]{26}$/).map((s) => `rcpt_${s}`),
    customerId: fc.stringMatching(/^[A-Za-z0-9_.:-]{1,40}$/),
    logIndex: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    kind: fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/),
    mode: fc.constantFrom('pilot' as const, 'prod' as const),
    contractual: fc.boolean(),
    issuedAt: instant,
    requestDigest: hex64,
    resultDigest: hex64,
    contractReference: fc.option(freeText, { nil: null }),
    stamp: fc.record({ certificateId: freeText, policyNumber: freeText, insurer: freeText, expiresAt: instant }),
    disclaimer: freeText,
    previousHash: hex64,
    keyId: fc.stringMatching(/^[A-Za-z0-9_-]{11}$/).map((s) => `ed25519-${s}`),
  })
  .map(({ contractual, stamp, disclaimer, ...rest }) => ({
    ...rest,
    authority: contractual ? ('contractual' as const) : ('advisory' as const),
    insurance: contractual ? stamp : null,
    disclaimer: contractual ? null : disclaimer,
  }));

describe('receipt body', () => {
  it('generated bodies are well formed, and canonicalBodyText equals RFC 8785 of them', () => {
    fc.assert(
      fc.property(body, (b) => {
        expect(bodyProblem(b)).toBeNull();
        expect(canonicalBodyText(b)).toBe(canonicalize(b));
      }),
      { numRuns: 300 },
    );
  });

  it('names what is wrong', () => {
    const b = fc.sample(body, { numRuns: 1, seed: 7 })[0] as ReceiptBody;
    expect(bodyProblem({ ...b, extra: 1 })).toEqual({ path: '/extra', reason: 'unexpected member extra' });
    const { keyId: _dropped, ...missing } = b;
    expect(bodyProblem(missing)).toEqual({ path: '/keyId', reason: 'missing member keyId' });
    expect(bodyProblem({ ...b, logIndex: '3' })?.path).toBe('/logIndex');
    expect(bodyProblem({ ...b, issuedAt: '2026-02-30T00:00:00.000Z' })?.path).toBe('/issuedAt');
    expect(bodyProblem({ ...b, previousHash: 'A'.repeat(64) })?.path).toBe('/previousHash');
    expect(bodyProblem([b])?.path).toBe('');
  });

  it('isIsoInstant accepts exactly what toISOString prints', () => {
    fc.assert(fc.property(instant, (s) => isIsoInstant(s)));
    const roundTrips = (s: string): boolean =>
      !Number.isNaN(Date.parse(s)) && new Date(Date.parse(s)).toISOString() === s;
    const candidates = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
      )
      .map(
        ([y, mo, d, h, mi]) =>
          `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:59.999Z`,
      );
    fc.assert(
      fc.property(candidates, (s) => isIsoInstant(s) === roundTrips(s)),
      { numRuns: 2000 },
    );
    for (const bad of ['2026-01-01T00:00:00Z', '2026-01-01 00:00:00.000Z', '2026-01-01T00:00:00.000+00:00', 20260101]) {
      expect(isIsoInstant(bad)).toBe(false);
    }
  });
});
