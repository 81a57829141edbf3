import { describe, expect, it } from 'vitest';
import { defaultLifecyclePolicy as policy } from './policy.ts';
import { seededRandom, stableHash } from './random.ts';
import { DAY, HOUR, MINUTE, T0, fixedRandom, makeCert } from '../../../test/support/lifecycle.ts';
import { nextRoutineCheck, phaseOffset, renewalDueAt, renewalRetryDelay, retryDelay } from './timing.ts';

describe('staggered routine checks', () => {
  it('gives each customer a stable phase, spread evenly over the interval', () => {
    expect(phaseOffset('cus_1', policy.checkIntervalMs)).toBe(phaseOffset('cus_1', policy.checkIntervalMs));
    const buckets = new Array<number>(12).fill(0);
    for (let i = 0; i < 12_000; i++) {
      const phase = phaseOffset(`cus_${i.toString(36).padStart(8, '0')}`, policy.checkIntervalMs);
      const b = Math.floor((phase / policy.checkIntervalMs) * 12);
      buckets[b] = (buckets[b] ?? 0) + 1;
    }
    // 1,000 expected per half-hour bucket; a thundering herd would put them all in one.
    for (const count of buckets) expect(count).toBeGreaterThan(850);
  });

  it('checks each customer once per interval at its phase, plus bounded jitter', () => {
    const phase = phaseOffset('cus_42', policy.checkIntervalMs);
    let t = T0;
    const random = seededRandom(7);
    for (let i = 0; i < 50; i++) {
      const next = nextRoutineCheck('cus_42', t, policy, random);
      expect(next - t).toBeGreaterThanOrEqual(policy.checkIntervalMs / 2);
      expect(next - t).toBeLessThan(1.5 * policy.checkIntervalMs + policy.checkJitterMs);
      const slotOffset = (((next - phase) % policy.checkIntervalMs) + policy.checkIntervalMs) % policy.checkIntervalMs;
      expect(slotOffset).toBeLessThan(policy.checkJitterMs);
      if (i > 0) expect(Math.abs(next - t - policy.checkIntervalMs)).toBeLessThan(policy.checkJitterMs);
      t = next;
    }
  });

  it('uses a hash that differs for ids differing in one character', () => {
    expect(stableHash('cus_a')).not.toBe(stableHash('cus_b'));
    expect(stableHash('')).toBe(stableHash(''));
  });
});

describe('retry backoff', () => {
  it('doubles from the base up to the cap, with half of each step random', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, policy, fixedRandom(0)))).toEqual(
      [2.5, 5, 10, 20, 30].map((m) => m * MINUTE),
    );
    expect(retryDelay(30, policy, fixedRandom(0.999999))).toBeLessThanOrEqual(policy.retryMaxMs);
    expect(retryDelay(1, policy, fixedRandom(0.999999))).toBeGreaterThan(4 * MINUTE);
  });

  it('renewal backoff never waits past half the time left (but at least the base)', () => {
    expect(renewalRetryDelay(10, 4 * HOUR, policy, fixedRandom(0.999999))).toBeLessThanOrEqual(2 * HOUR);
    expect(renewalRetryDelay(10, 30 * DAY, policy, fixedRandom(0.999999))).toBeLessThanOrEqual(
      policy.renewalBackoffMaxMs,
    );
    expect(renewalRetryDelay(10, MINUTE, policy, fixedRandom(0.999999))).toBeLessThanOrEqual(
      policy.renewalBackoffBaseMs,
    );
    expect(renewalRetryDelay(10, -DAY, policy, fixedRandom(0.999999))).toBeLessThanOrEqual(policy.renewalBackoffMaxMs);
  });
});

describe('renewal start', () => {
  it('is the earlier of expiry - lead and 2/3 of the lifetime', () => {
    const year = makeCert({ from: T0, to: T0 + 360 * DAY });
    expect(renewalDueAt(year, T0, policy, fixedRandom(0))).toBe(T0 + 240 * DAY);
    const month = makeCert({ from: T0, to: T0 + 36 * DAY });
    expect(renewalDueAt(month, T0, policy, fixedRandom(0))).toBe(T0 + 6 * DAY);
  });

  it('falls at a random point of the window, which shrinks for short remaining lives', () => {
    const year = makeCert({ from: T0, to: T0 + 360 * DAY });
    expect(renewalDueAt(year, T0, policy, fixedRandom(0.5))).toBe(T0 + 240 * DAY + policy.renewalWindowMs / 2);
    const late = makeCert({ from: T0 - 100 * DAY, to: T0 + 4 * HOUR });
    const at = renewalDueAt(late, T0, policy, fixedRandom(0.999999));
    expect(at).toBeGreaterThanOrEqual(T0);
    expect(at).toBeLessThanOrEqual(T0 + HOUR);
  });
});
