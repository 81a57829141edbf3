import { describe, expect, it } from 'vitest';
import { parseScenarioSpec, SCENARIOS, seededRandom } from './scenarios.ts';

describe('scenario specs', () => {
  it('accepts every scenario named in the issue', () => {
    for (const scenario of SCENARIOS) expect(parseScenarioSpec({ scenario }).ok).toBe(true);
    expect([...SCENARIOS].sort()).toEqual(
      [
        'healthy',
        'expired',
        'revoked',
        'suspended',
        'not_found',
        'unauthorized',
        'rate_limited',
        'slow',
        'server_error',
        'flaky',
        'malformed',
        'bad_signature',
        'unknown_key',
        'down',
      ].sort(),
    );
  });

  it('validates parameters', () => {
    expect(parseScenarioSpec({ scenario: 'flaky', failureProbability: 0.3, status: 502, times: 2 })).toEqual({
      ok: true,
      spec: { scenario: 'flaky', failureProbability: 0.3, status: 502, times: 2 },
    });
    for (const bad of [
      { scenario: 'nope' },
      { scenario: 'flaky', failureProbability: 2 },
      { scenario: 'server_error', status: 404 },
      { scenario: 'slow', delayMs: 1.5 },
      null,
    ]) {
      expect(parseScenarioSpec(bad).ok).toBe(false);
    }
  });

  it('seeded randomness is reproducible and roughly uniform', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
