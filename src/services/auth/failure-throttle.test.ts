import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthFailureThrottle } from './failure-throttle.ts';

describe('AuthFailureThrottle', () => {
  it('throttles a key id past the burst whatever address the failures come from, until the window ends', () => {
    const t = new AuthFailureThrottle({ burst: 3, windowMs: 1000 });
    for (let i = 0; i < 3; i++) t.recordFailure(`ip:10.0.0.${i}`, ['key:k1'], 100);
    expect(t.blockedFor(['ip:10.0.0.9', 'key:k1'], 200)).toBe(900);
    expect(t.blockedFor(['ip:10.0.0.9', 'key:k2'], 200)).toBeNull();
    expect(t.blockedFor(['ip:10.0.0.9', 'key:k1'], 1100)).toBeNull();
  });

  it('writes at most three notes per source and window, whatever the burst size (model check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 300 }),
        (burst, gaps) => {
          const t = new AuthFailureThrottle({ burst, windowMs: 1000 });
          let now = 0;
          const perWindow = new Map<number, number>();
          for (const gap of gaps) {
            now += gap;
            if (t.blockedFor(['ip:a'], now) !== null) {
              t.noteRefused('ip:a', now);
              continue;
            }
            for (const note of t.recordFailure('ip:a', [], now)) {
              perWindow.set(note.windowStartedAt, (perWindow.get(note.windowStartedAt) ?? 0) + 1);
            }
          }
          return [...perWindow.values()].every((n) => n <= 3);
        },
      ),
      { numRuns: 100, seed: 7 },
    );
  });

  it('forgets the oldest keys beyond its bound', () => {
    const t = new AuthFailureThrottle({ burst: 1, windowMs: 10_000, maxTracked: 2 });
    t.recordFailure('ip:a', [], 0);
    t.recordFailure('ip:b', [], 1);
    t.recordFailure('ip:c', [], 2);
    expect(t.blockedFor(['ip:a'], 3)).toBeNull();
    expect(t.blockedFor(['ip:c'], 3)).not.toBeNull();
  });
});
