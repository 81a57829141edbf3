/**
 * Latency kept as a fixed histogram, not per request: bucket k holds latencies up to 0.25 ms x 2^(k/2)
 * (a factor of the square root of two between bounds), from 0.25 ms to 8192 ms, and the last bucket
 * everything slower. A percentile is the upper bound of the bucket its rank falls in, so it over-states
 * the true value by at most 41 % (under 29 % below it is the true value); past 8192 ms it is reported as
 * 8192. Histograms of different hours and instances add bucket by bucket.
 */

export const LATENCY_BUCKETS = 32;
const FIRST_BOUND_MS = 0.25;

/** The upper bound (ms) of bucket k; the last bucket is unbounded and reports the bound before it. */
export const bucketBoundMs = (k: number): number =>
  Math.round(FIRST_BOUND_MS * 2 ** (Math.min(k, LATENCY_BUCKETS - 2) / 2) * 1000) / 1000;

export const bucketOf = (ms: number): number => {
  if (!(ms > FIRST_BOUND_MS)) return 0;
  const k = Math.ceil(2 * Math.log2(ms / FIRST_BOUND_MS) - 1e-9);
  return k >= LATENCY_BUCKETS - 1 ? LATENCY_BUCKETS - 1 : k;
};

export const emptyBuckets = (): number[] => new Array<number>(LATENCY_BUCKETS).fill(0);

export const addBuckets = (into: number[], from: readonly number[]): void => {
  for (let k = 0; k < LATENCY_BUCKETS; k++) into[k] = (into[k] ?? 0) + (from[k] ?? 0);
};

/** The q-quantile (0 < q <= 1) as a bucket bound in ms, by nearest rank; null for an empty histogram. */
export const quantileMs = (buckets: readonly number[], q: number): number | null => {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let k = 0; k < LATENCY_BUCKETS; k++) {
    seen += buckets[k] ?? 0;
    if (seen >= rank) return bucketBoundMs(k);
  }
  return bucketBoundMs(LATENCY_BUCKETS - 1);
};
