import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallBudget, insurerCallBudget } from './call-budget.ts';

/** The most slots in any half-open window of `windowMs`. */
const maxInWindow = (slots: readonly number[], windowMs: number): number => {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < slots.length; hi++) {
    while ((slots[hi] ?? 0) - (slots[lo] ?? 0) >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
};

describe('CallBudget', () => {
  it('hands out slots now until the window is full, then from the oldest slot plus the window', () => {
    const b = new CallBudget(3, 1000);
    expect([b.reserve(0), b.reserve(0), b.reserve(10), b.reserve(10), b.reserve(10)]).toEqual([0, 0, 10, 1000, 1000]);
    expect(b.peek(10)).toBe(1010);
  });

  it('reports the calls left in the window, freeing each slot a window after its time', () => {
    const b = new CallBudget(3, 1000);
    expect(b.remaining(0)).toBe(3);
    b.reserve(0);
    b.reserve(100);
    expect(b.remaining(100)).toBe(1);
    expect(b.remaining(999)).toBe(1);
    expect(b.remaining(1000)).toBe(2);
    expect(b.remaining(1100)).toBe(3);
  });

  it('keeps the minimum spacing', () => {
    const b = new CallBudget(100, 1000, 60);
    expect([b.reserve(0), b.reserve(0), b.reserve(500)]).toEqual([0, 60, 500]);
  });

  it('never allows more than the limit in any window, whatever the demand', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 300 }),
        (limit, gaps) => {
          const b = new CallBudget(limit, 1000);
          let now = 0;
          const slots: number[] = [];
          for (const g of gaps) {
            now += g;
            const at = b.reserve(now);
            expect(at).toBeGreaterThanOrEqual(now);
            slots.push(at);
          }
          expect(maxInWindow(slots, 1000)).toBeLessThanOrEqual(limit);
        },
      ),
    );
  });

  it('the insurer budget stays under 1000/min with headroom and spreads a burst of 5,000', () => {
    const b = insurerCallBudget(1000, 0.2);
    const slots = Array.from({ length: 5000 }, () => b.reserve(0));
    expect(maxInWindow(slots, 60_000)).toBeLessThanOrEqual(800);
    expect(slots.at(-1)).toBeGreaterThan(5 * 60_000);
  });

  it('after a restart, old and new process together stay under the provider limit', () => {
    const old = insurerCallBudget(1000, 0.2);
    const before = Array.from({ length: 800 }, () => old.reserve(0));
    const restarted = insurerCallBudget(1000, 0.2, 1000);
    const after = Array.from({ length: 2000 }, () => restarted.reserve(1000));
    expect(maxInWindow([...before, ...after], 60_000)).toBeLessThanOrEqual(1000);
    expect(after.filter((t) => t < 60_000)).toHaveLength(200);
  });

  it('rejects nonsense limits', () => {
    expect(() => new CallBudget(0, 1000)).toThrow(RangeError);
    expect(() => new CallBudget(1, 0)).toThrow(RangeError);
  });
});
