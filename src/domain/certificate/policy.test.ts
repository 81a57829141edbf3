import { describe, expect, it } from 'vitest';
import { defaultLifecyclePolicy, makeLifecyclePolicy } from './policy.ts';

describe('lifecycle policy', () => {
  it('defaults to the plan: 6 h checks, 7-day grace, 2 good checks, manual recovery', () => {
    expect(makeLifecyclePolicy()).toEqual(defaultLifecyclePolicy);
    expect(defaultLifecyclePolicy).toMatchObject({
      checkIntervalMs: 21_600_000,
      graceMs: 604_800_000,
      recoveryGoodChecks: 2,
      recoveryPolicy: 'manual',
    });
    expect(defaultLifecyclePolicy.warningOffsetsMs).toEqual({
      days_30: 2_592_000_000,
      days_7: 604_800_000,
      days_1: 86_400_000,
      expired: 0,
    });
  });

  it('takes overrides and names the field of a bad one', () => {
    expect(makeLifecyclePolicy({ checkIntervalMs: 3_600_000, checkJitterMs: 60_000 }).checkIntervalMs).toBe(3_600_000);
    expect(() => makeLifecyclePolicy({ graceMs: 0 })).toThrow(/graceMs/);
    expect(() => makeLifecyclePolicy({ checkJitterMs: 4 * 3_600_000 })).toThrow(/checkJitterMs/);
    expect(() => makeLifecyclePolicy({ recoveryGoodChecks: 0 })).toThrow(/recoveryGoodChecks/);
    expect(() => makeLifecyclePolicy({ retryMaxMs: 1 })).toThrow(/retryMaxMs/);
    expect(() =>
      makeLifecyclePolicy({ warningOffsetsMs: { ...defaultLifecyclePolicy.warningOffsetsMs, days_7: -1 } }),
    ).toThrow(/days_7/);
  });
});
