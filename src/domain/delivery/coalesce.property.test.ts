/**
 * The coalescing rate limit against a model: random arrivals of items under random limits, with the
 * outbox worker played by a loop that releases held items exactly when nextRelease says. Nothing is
 * lost or sent twice, the order of arrival (so the order per dedupe key) is kept, no window ever holds
 * more than `max` messages, and a held item goes out at the first instant the limit allows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyWindow, nextRelease, offer, release, type LimitWindow, type RateLimit } from './coalesce.ts';

interface Item {
  readonly seq: number;
  readonly key: string;
  readonly at: number;
}

interface Sent {
  readonly at: number;
  readonly items: readonly Item[];
}

const run = (limit: RateLimit, gaps: readonly { readonly dt: number; readonly key: string }[]): readonly Sent[] => {
  let w: LimitWindow<Item> = emptyWindow();
  const sent: Sent[] = [];
  let now = 0;
  const releaseUntil = (until: number): void => {
    for (let due = nextRelease(w, now, limit); due !== null && due <= until; due = nextRelease(w, now, limit)) {
      now = Math.max(now, due);
      const step = release(w, now, limit);
      w = step.window;
      if (step.batch) sent.push({ at: now, items: step.batch.items });
      else throw new Error(`nothing released at ${now}, which nextRelease named`);
    }
  };
  gaps.forEach((g, seq) => {
    releaseUntil(now + g.dt);
    now += g.dt;
    const step = offer(w, { seq, key: g.key, at: now }, now, limit);
    w = step.window;
    if (step.batch) sent.push({ at: now, items: step.batch.items });
  });
  releaseUntil(Number.MAX_SAFE_INTEGER);
  expect(w.held).toEqual([]);
  return sent;
};

const limitArb = fc.record({ max: fc.integer({ min: 1, max: 3 }), perMs: fc.integer({ min: 1, max: 500 }) });
const arrivalsArb = fc.array(
  fc.record({
    dt: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 2000 })),
    key: fc.constantFrom('a', 'b', 'c'),
  }),
  { maxLength: 200 },
);

describe('coalescing rate limit (model)', () => {
  it('delivers every item exactly once, in arrival order, within the limit, as early as allowed', () => {
    fc.assert(
      fc.property(limitArb, arrivalsArb, (limit, arrivals) => {
        const sent = run(limit, arrivals);
        // Nothing lost, nothing twice, arrival order kept (and so the order within each dedupe key).
        expect(sent.flatMap((s) => s.items.map((i) => i.seq))).toEqual(arrivals.map((_, i) => i));
        // Never more than `max` messages in any window of perMs.
        sent.forEach((s, i) => {
          const inWindow = sent.filter((o, j) => j <= i && o.at > s.at - limit.perMs);
          expect(inWindow.length).toBeLessThanOrEqual(limit.max);
        });
        for (const s of sent) {
          expect(s.items.length).toBeGreaterThan(0);
          // A message goes out when its last item arrives, or the moment a slot opens: an earlier send + perMs.
          const last = s.items.at(-1);
          const onArrival = last !== undefined && last.at === s.at;
          const onSlot = sent.some((o) => o.at + limit.perMs === s.at);
          expect(onArrival || onSlot).toBe(true);
          // An item waits no longer than the window needs.
          for (const item of s.items) expect(s.at - item.at).toBeLessThanOrEqual(limit.perMs);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('without a limit every item is its own message at once', () => {
    let w: LimitWindow<number> = emptyWindow();
    for (let i = 0; i < 5; i++) {
      const step = offer(w, i, 0, null);
      w = step.window;
      expect(step.batch?.items).toEqual([i]);
    }
  });

  it('a flood of 1,000 in one hour under 1 an hour: the first alone, the other 999 in one message an hour later', () => {
    const HOUR = 3_600_000;
    const sent = run(
      { max: 1, perMs: HOUR },
      Array.from({ length: 1000 }, (_, i) => ({ dt: i === 0 ? 0 : 3_000, key: 'k' })),
    );
    expect(sent.map((s) => [s.at, s.items.length])).toEqual([
      [0, 1],
      [HOUR, 999],
    ]);
  });
});
