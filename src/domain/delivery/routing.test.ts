/** Default routing as the "Who is told what" lists it, and the configured overrides. */
import { describe, expect, it } from 'vitest';
import type { Notification } from './notification.ts';
import { DEFAULT_ROUTING, parseRouting, targetsFor, targetTag } from './routing.ts';
import { SAMPLES } from './samples.ts';

const tags = (n: Notification, table = DEFAULT_ROUTING): string[] => targetsFor(n, table).map(targetTag);
const expiring = (threshold: string): Notification => ({
  ...SAMPLES['certificate.expiring'],
  facts: { ...SAMPLES['certificate.expiring'].facts, threshold },
});

describe('default routing', () => {
  it('expiry: 30 days to the team (email, Slack), 7 days to the customer, 1 day pages', () => {
    expect(tags(expiring('30d'))).toEqual(['email.ops', 'slack', 'webhook']);
    expect(tags(expiring('7d'))).toEqual(['email.customer', 'webhook']);
    expect(tags(expiring('1d'))).toEqual(['pagerduty', 'webhook']);
  });

  it.each(['certificate.expired', 'certificate.revoked', 'certificate.suspended'] as const)(
    '%s: customer email, Slack, PagerDuty',
    (type) => expect(tags(SAMPLES[type])).toEqual(['email.customer', 'slack', 'pagerduty', 'webhook']),
  );

  it('insurer trouble goes to the team by email, Slack and PagerDuty', () => {
    expect(tags(SAMPLES['insurer.unreachable'])).toEqual(['email.ops', 'slack', 'pagerduty', 'webhook']);
    expect(tags(SAMPLES['insurer.grace_exhausted'])).toEqual(['email.ops', 'slack', 'pagerduty', 'webhook']);
  });

  it('read-only and restored: the customer by email; restored also resolves the page', () => {
    expect(tags(SAMPLES['customer.read_only'])).toEqual(['email.customer', 'webhook']);
    expect(tags(SAMPLES['customer.restored'])).toEqual(['email.customer', 'pagerduty', 'webhook']);
  });

  it('system-wide notifications page and post to Slack, and reach no customer', () => {
    expect(tags(SAMPLES['system.read_only'])).toEqual(['pagerduty', 'slack']);
    expect(tags(SAMPLES['system.restored'])).toEqual(['pagerduty', 'slack']);
  });

  it('deployments tell the customer; a roll-back also pages', () => {
    for (const t of ['deployment.failed_insurance', 'deployment.failed', 'deploy.refused'] as const) {
      expect(tags(SAMPLES[t])).toEqual(['email.customer', 'webhook']);
    }
    expect(tags(SAMPLES['deployment.rolled_back'])).toEqual(['email.customer', 'pagerduty', 'webhook']);
  });

  it('a customer route of a notification without a customer is dropped', () => {
    expect(tags({ ...SAMPLES['customer.read_only'], customerId: null })).toEqual([]);
  });
});

describe('routing overrides', () => {
  it('replace the routes of the types they name and keep the others', () => {
    const parsed = parseRouting({ 'deployment.failed': [{ channel: 'slack' }, { channel: 'email', to: 'ops' }] });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(tags(SAMPLES['deployment.failed'], parsed.table)).toEqual(['slack', 'email.ops', 'webhook']);
    expect(tags(SAMPLES['deploy.refused'], parsed.table)).toEqual(['email.customer', 'webhook']);
  });

  it('name each problem', () => {
    const parsed = parseRouting({
      'no.such': [],
      'deployment.failed': [
        { channel: 'webhook' },
        { channel: 'email', to: 'everyone' },
        { channel: 'slack', when: { a: [] } },
      ],
      'deploy.refused': 'slack',
    });
    expect(parsed).toEqual({
      ok: false,
      problems: [
        'no.such: not a notification type',
        'deployment.failed[0].channel: must be one of email, slack, pagerduty (webhooks follow subscriptions)',
        'deployment.failed[1].to: must be customer or ops',
        'deployment.failed[2].when: must map fact names to strings, numbers, booleans or null',
        'deploy.refused: must be a list of routes',
      ],
    });
    expect(parseRouting([])).toEqual({ ok: false, problems: ['must be an object'] });
  });
});
