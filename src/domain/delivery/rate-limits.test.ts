/** Which limit applies: reminders once a day by email, once an hour otherwise, pages and webhooks never. */
import { describe, expect, it } from 'vitest';
import { parseRateRules, limitFor, limitKey } from './rate-limits.ts';
import { SAMPLES } from './samples.ts';

const HOUR = 3_600_000;
const parseDuration = (s: string): number => {
  const m = /^(\d+)([hd])$/.exec(s);
  if (!m) throw new Error('must be a duration');
  return Number(m[1]) * (m[2] === 'h' ? HOUR : 24 * HOUR);
};

describe('rate limits', () => {
  it('default: reminder emails 1 a day, other emails and Slack 1 an hour, pages and webhooks unlimited', () => {
    expect(limitFor('certificate.expiring', 'email')).toEqual({ max: 1, perMs: 24 * HOUR });
    expect(limitFor('certificate.expiring', 'slack')).toEqual({ max: 1, perMs: HOUR });
    expect(limitFor('deployment.failed', 'email')).toEqual({ max: 1, perMs: HOUR });
    expect(limitFor('certificate.expired', 'pagerduty')).toBeNull();
    expect(limitFor('deployment.failed', 'webhook')).toBeNull();
  });

  it('a limit is kept per customer, type and target', () => {
    expect(limitKey(SAMPLES['deployment.failed'], { channel: 'email', to: 'customer' })).toBe(
      'cus_01jsample0000000000000000|deployment.failed|email.customer',
    );
    expect(limitKey(SAMPLES['system.read_only'], { channel: 'slack' })).toBe('-|system.read_only|slack');
  });

  it('configured rules win over the defaults of the same specificity', () => {
    const parsed = parseRateRules([{ channel: 'email', max: 3, per: '2h' }], parseDuration);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(limitFor('deployment.failed', 'email', parsed.rules)).toEqual({ max: 3, perMs: 2 * HOUR });
    expect(limitFor('certificate.expiring', 'email', parsed.rules)).toEqual({ max: 1, perMs: 24 * HOUR });
  });

  it('refuse limits on pages and webhooks, and name each problem', () => {
    const parsed = parseRateRules(
      [
        { channel: 'pagerduty', max: 1, per: '1h' },
        { channel: 'email', type: 'nope', max: 1, per: '1h' },
        { channel: 'slack', max: 0, per: '1h' },
        { channel: 'slack', max: 1, per: 'soon' },
      ],
      parseDuration,
    );
    expect(parsed).toEqual({
      ok: false,
      problems: [
        '[0].channel: must be email or slack (pages and webhooks are never limited)',
        '[1].type: not a notification type',
        '[2].max: must be a whole number of at least 1',
        '[3].per: must be a duration',
      ],
    });
    expect(parseRateRules({}, parseDuration).ok).toBe(false);
  });
});
