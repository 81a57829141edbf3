import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_INSURER_POLICY as P } from './policy.ts';

describe('policy', () => {
  it('backs off 1 s, 2 s, 4 s, 8 s, 8 s without jitter', () => {
    expect([0, 1, 2, 3, 4].map((n) => backoffDelayMs(n, 0))).toEqual([1000, 2000, 4000, 8000, 8000]);
  });

  it('jitter stays within [nominal, 1.2 x nominal] and never above the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const nominal = Math.min(P.backoffMaxMs, P.backoffBaseMs * 2 ** n);
          const d = backoffDelayMs(n, r);
          return d >= nominal && d <= Math.min(P.backoffMaxMs, nominal * 1.2 + 1);
        },
      ),
    );
  });

  it('keeps our limiter under the provider quota of 1000/min', () => {
    expect((P.rateLimitPerWindow * 60_000) / P.rateLimitWindowMs).toBeLessThan(1000);
  });
});
