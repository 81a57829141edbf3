/** Injected randomness for jitter, and a stable hash that gives each customer its own check phase. */

/** Returns a float in [0, 1). Production passes Math.random; tests and simulations a seeded source. */
export type RandomSource = () => number;

/** mulberry32: a small seeded PRNG, good enough for jitter and simulations (not for secrets). */
export const seededRandom = (seed: number): RandomSource => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** FNV-1a over UTF-16 code units, 32 bits: stable across processes and restarts. */
export const stableHash = (text: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // One avalanche round so ids differing only in their last characters still spread.
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b);
  h ^= h >>> 16;
  return h >>> 0;
};
