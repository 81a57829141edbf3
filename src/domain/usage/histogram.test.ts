import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBuckets, bucketBoundMs, bucketOf, emptyBuckets, LATENCY_BUCKETS, quantileMs } from './histogram.ts';

/** The nearest-rank quantile of the raw values, the answer the histogram approximates. */
const exact = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] ?? NaN;
};

const histogramOf = (values: readonly number[]): number[] => {
  const b = emptyBuckets();
  for (const v of values) b[bucketOf(v)] = (b[bucketOf(v)] ?? 0) + 1;
  return b;
};

describe('latency histogram', () => {
  it('puts a value in the bucket whose bound is the first at or above it', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(0.25)).toBe(0);
    expect(bucketOf(0.26)).toBe(1);
    expect(bucketOf(1)).toBe(4);
    expect(bucketBoundMs(4)).toBe(1);
    expect(bucketOf(1.0001)).toBe(5);
    expect(bucketOf(8192)).toBe(30);
    expect(bucketOf(8193)).toBe(LATENCY_BUCKETS - 1);
    expect(bucketOf(Number.POSITIVE_INFINITY)).toBe(LATENCY_BUCKETS - 1);
    expect(bucketOf(Number.NaN)).toBe(0);
  });

  it('answers each percentile within one bucket above the exact one (a factor of sqrt 2)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.25, max: 8192, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0.5, 0.95, 0.99),
        (values, q) => {
          const got = quantileMs(histogramOf(values), q) ?? NaN;
          const want = exact(values, q);
          expect(got).toBeGreaterThanOrEqual(want - 0.001);
          expect(got).toBeLessThanOrEqual(want * Math.SQRT2 + 0.001);
        },
      ),
    );
  });

  it('adds histograms bucket by bucket: the sum answers as the union of the values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 20_000, noNaN: true }), { maxLength: 100 }),
        fc.array(fc.double({ min: 0, max: 20_000, noNaN: true }), { maxLength: 100 }),
        (a, b) => {
          const sum = histogramOf(a);
          addBuckets(sum, histogramOf(b));
          expect(sum).toEqual(histogramOf([...a, ...b]));
        },
      ),
    );
  });

  it('has no percentile without a request, and reports the slowest bucket as 8192 ms', () => {
    expect(quantileMs(emptyBuckets(), 0.5)).toBeNull();
    expect(quantileMs(histogramOf([60_000]), 0.99)).toBe(8192);
  });
});
