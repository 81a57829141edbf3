import { describe, expect, it } from 'vitest';
import { isMisconfigured } from './misconfigured.ts';

describe('a misconfigured channel', () => {
  it('is a permanent Slack 4xx or PagerDuty 400', () => {
    for (const status of [400, 403, 404, 410])
      expect(isMisconfigured('slack', { kind: 'permanent', status })).toBe(true);
    expect(isMisconfigured('pagerduty', { kind: 'permanent', status: 400 })).toBe(true);
  });
  it('is not a retry, a message without a status, or a customer endpoint gone', () => {
    expect(isMisconfigured('slack', { kind: 'retry', status: 429 })).toBe(false);
    expect(isMisconfigured('slack', { kind: 'permanent' })).toBe(false);
    expect(isMisconfigured('slack', { kind: 'permanent', status: 500 })).toBe(false);
    expect(isMisconfigured('webhook', { kind: 'permanent', status: 410 })).toBe(false);
    expect(isMisconfigured('email', { kind: 'permanent', status: 550 })).toBe(false);
  });
});
