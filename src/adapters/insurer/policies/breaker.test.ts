import { describe, expect, it } from 'vitest';
import { insurerError } from '../../../domain/insurance/insurer-error.ts';
import type { InsurerError, InsurerErrorCode } from '../../../domain/insurance/verification.ts';
import { ManualClock } from '../../../domain/shared/clock.ts';
import { err, ok, type Result } from '../../../domain/shared/result.ts';
import { CircuitBreaker, type BreakerState } from './breaker.ts';

const setup = (failureThreshold = 3) => {
  const clock = new ManualClock(0);
  const transitions: string[] = [];
  const breaker = new CircuitBreaker({
    failureThreshold,
    halfOpenAfterMs: 1000,
    clock,
    onTransition: (from: BreakerState, to: BreakerState) => transitions.push(`${from}>${to}`),
  });
  let calls = 0;
  const call = (code?: InsurerErrorCode) =>
    breaker.run<number>(() => {
      calls += 1;
      return Promise.resolve(code === undefined ? ok(1) : err(insurerError(code, 'x')));
    });
  return { clock, breaker, transitions, call, calls: () => calls };
};

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures and fails fast until the cool-down ends', async () => {
    const b = setup();
    await b.call('server_error');
    await b.call('timeout');
    expect(b.breaker.state).toBe('closed');
    await b.call('network');
    expect(b.breaker.state).toBe('open');
    const fast = await b.call();
    expect(!fast.ok && fast.error).toMatchObject({ code: 'circuit_open', retryAfterMs: 1000 });
    expect(b.calls()).toBe(3);
    b.clock.advance(1000);
    expect(b.breaker.state).toBe('half_open');
    expect((await b.call()).ok).toBe(true);
    expect(b.transitions).toEqual(['closed>open', 'open>half_open', 'half_open>closed']);
  });

  it.each(['rate_limited', 'not_found', 'unauthorized', 'bad_signature', 'malformed_response'] as const)(
    '%s is not a failure',
    async (code) => {
      const b = setup(1);
      await b.call(code);
      await b.call(code);
      expect(b.breaker.state).toBe('closed');
    },
  );

  it('half-open admits one probe; concurrent callers fail fast while it runs', async () => {
    const b = setup(1);
    await b.call('server_error');
    b.clock.advance(1000);
    let release: (r: Result<number, InsurerError>) => void = () => undefined;
    const probe = b.breaker.run(() => new Promise<Result<number, InsurerError>>((resolve) => (release = resolve)));
    expect(b.breaker.state).toBe('half_open');
    const others = await Promise.all([b.call(), b.call()]);
    expect(others.map((r) => !r.ok && r.error.code)).toEqual(['circuit_open', 'circuit_open']);
    release(err(insurerError('timeout', 'x')));
    await probe;
    expect(b.breaker.state).toBe('open');
    expect(b.calls()).toBe(1);
  });

  it('a probe that throws re-opens the breaker', async () => {
    const b = setup(1);
    await b.call('server_error');
    b.clock.advance(1000);
    await expect(b.breaker.run(() => Promise.reject(new Error('bug')))).rejects.toThrow('bug');
    expect(b.breaker.state).toBe('open');
  });

  it('a late success from before the trip does not close it', async () => {
    const b = setup(1);
    let release: (r: Result<number, InsurerError>) => void = () => undefined;
    const slow = b.breaker.run(() => new Promise<Result<number, InsurerError>>((resolve) => (release = resolve)));
    await b.call('server_error');
    release(ok(1));
    await slow;
    expect(b.breaker.state).toBe('open');
  });
});
