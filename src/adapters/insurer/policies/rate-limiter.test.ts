import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../domain/shared/clock.ts';
import { SlidingWindowLimiter } from './rate-limiter.ts';

const setup = (limit: number, maxQueue: number) => {
  const clock = new ManualClock(0);
  const sleeps: number[] = [];
  const limiter = new SlidingWindowLimiter({
    limit,
    windowMs: 60_000,
    maxQueue,
    clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      await Promise.resolve();
      clock.advance(ms);
    },
  });
  return { clock, sleeps, limiter };
};

describe('SlidingWindowLimiter', () => {
  it('allows `limit` per window and makes the next wait for the oldest slot to expire', async () => {
    const { clock, sleeps, limiter } = setup(2, 5);
    await limiter.acquire(Infinity);
    clock.advance(10_000);
    await limiter.acquire(Infinity);
    expect((await limiter.acquire(Infinity)).ok).toBe(true);
    expect(sleeps).toEqual([50_000]);
    expect(clock.now()).toBe(60_000);
  });

  it('counts the acquisitions inside the window ending now', async () => {
    const { clock, limiter } = setup(5, 5);
    expect(limiter.inWindow(clock.now())).toBe(0);
    await limiter.acquire(Infinity);
    clock.advance(30_000);
    await limiter.acquire(Infinity);
    expect(limiter.inWindow(clock.now())).toBe(2);
    clock.advance(30_000);
    expect(limiter.inWindow(clock.now())).toBe(1);
    clock.advance(30_000);
    expect(limiter.inWindow(clock.now())).toBe(0);
  });

  it('never allows more than `limit` in any window', async () => {
    const { clock, limiter } = setup(3, 100);
    const stamps: number[] = [];
    for (let i = 0; i < 20; i++) {
      await limiter.acquire(Infinity);
      stamps.push(clock.now());
      clock.advance(7_000);
    }
    for (const t of stamps) expect(stamps.filter((s) => s >= t && s < t + 60_000).length).toBeLessThanOrEqual(3);
  });

  it('fails fast when the queue is full or the wait passes the deadline', async () => {
    const { limiter } = setup(1, 0);
    await limiter.acquire(Infinity);
    expect(await limiter.acquire(Infinity)).toMatchObject({
      ok: false,
      error: { code: 'rate_limited_locally', detail: 'local rate limit: queue full' },
    });
    expect(await limiter.acquire(30_000)).toMatchObject({
      ok: false,
      error: { code: 'rate_limited_locally', retryAfterMs: 60_000 },
    });
  });
});
