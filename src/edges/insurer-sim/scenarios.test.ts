import { describe, expect, it } from 'vitest';
import { parseScenarioSpec, SCENARIOS } from './scenarios.ts';

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
});
