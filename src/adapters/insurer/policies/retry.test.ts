import { describe, expect, it } from 'vitest';
import { insurerError } from '../../../domain/insurance/insurer-error.ts';
import { DEFAULT_INSURER_POLICY as P } from '../../../domain/insurance/policy.ts';
import { ManualClock } from '../../../domain/shared/clock.ts';
import { err, ok } from '../../../domain/shared/result.ts';
import { decideRetry, withRetry } from './retry.ts';

describe('decideRetry', () => {
  const e = (code: Parameters<typeof insurerError>[0], retryAfterMs?: number) =>
    insurerError(code, 'x', retryAfterMs === undefined ? {} : { retryAfterMs });

  it.each(['not_found', 'bad_signature', 'circuit_open', 'rate_limited_locally', 'deadline_exceeded'] as const)(
    'does not retry %s',
    (code) => {
      expect(decideRetry(e(code), 0, 0, 1e9, 0, P).retry).toBe(false);
    },
  );

  it('retries transient errors with backoff, at most maxRetries times', () => {
    expect([0, 1, 2].map((n) => decideRetry(e('timeout'), n, 0, 1e9, 0, P))).toEqual([
      { retry: true, delayMs: 1000 },
      { retry: true, delayMs: 2000 },
      { retry: true, delayMs: 4000 },
    ]);
    expect(decideRetry(e('timeout'), 3, 0, 1e9, 0, P)).toEqual({ retry: false, why: 'retries spent' });
  });

  it('honours Retry-After up to the clamp, and never past the deadline', () => {
    expect(decideRetry(e('rate_limited', 7000), 0, 0, 1e9, 0.9, P)).toEqual({ retry: true, delayMs: 7000 });
    expect(decideRetry(e('rate_limited', 30_001), 0, 0, 1e9, 0, P).retry).toBe(false);
    expect(decideRetry(e('rate_limited', 7000), 0, 0, 7000, 0, P)).toEqual({ retry: false, why: 'deadline' });
  });
});

describe('withRetry', () => {
  it('sleeps between attempts and reports the attempts made', async () => {
    const clock = new ManualClock(0);
    const sleeps: number[] = [];
    let n = 0;
    const r = await withRetry(() => Promise.resolve(++n < 3 ? err(insurerError('server_error', 'boom')) : ok(n)), 1e9, {
      policy: P,
      clock,
      random: () => 0,
      sleep: (ms) => Promise.resolve(void sleeps.push(ms)),
    });
    expect(r).toEqual({ ok: true, value: 3 });
    expect(sleeps).toEqual([1000, 2000]);
    const failed = await withRetry(() => Promise.resolve(err(insurerError('not_found', 'gone'))), 1e9, {
      policy: P,
      clock,
      random: () => 0,
      sleep: () => Promise.resolve(),
    });
    expect(failed).toEqual({ ok: false, error: { ...insurerError('not_found', 'gone'), attempts: 1 } });
  });
});
