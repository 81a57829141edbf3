/** Injected randomness for jitter (see shared/random.ts), and a stable hash that gives each customer its own check phase. */

export { seededRandom, type RandomSource } from '../shared/random.ts';

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
