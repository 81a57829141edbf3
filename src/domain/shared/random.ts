/** Injected randomness: production passes Math.random; tests, simulations and the insurer simulator a seeded source. */

/** Returns a float in [0, 1). */
export type RandomSource = () => number;

/** mulberry32: a small seeded PRNG, good enough for jitter, simulations and reproducible faults (not for secrets). */
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
