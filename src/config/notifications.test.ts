/** The notification settings: channels, routing and rate limits parse, refuse, and never echo a secret. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_RULES } from '../domain/delivery/rate-limits.ts';
import { DEFAULT_ROUTING } from '../domain/delivery/routing.ts';
import { loadConfig } from './load.ts';
import { ConfigError } from './schema.ts';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
};

describe('notification settings', () => {
  it('default to no channel but email files, the default routing and limits', () => {
    expect(loadConfig({})).toMatchObject({
      smtpUrl: undefined,
      mailFrom: 'TAI Autonomics <notifications@tai-autonomics.example>',
      opsEmail: undefined,
      slackWebhookUrl: undefined,
      pagerDutyRoutingKey: undefined,
      pagerDutyEventsUrl: 'https://events.pagerduty.com/v2/enqueue',
      notifyRouting: DEFAULT_ROUTING,
      notifyRateLimits: DEFAULT_RATE_RULES,
    });
  });

  it('read every channel, and routing and limits as JSON', () => {
    const c = loadConfig({
      TAI_SMTP_URL: 'smtps://mailer:hunter2hunter2@mail.example',
      TAI_OPS_EMAIL: 'oncall@tai.example',
      TAI_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/abc',
      TAI_PAGERDUTY_ROUTING_KEY: 'abcdefghijklmnopqrstuvwxyz012345',
      TAI_NOTIFY_ROUTING: '{"deployment.failed":[{"channel":"slack"}]}',
      TAI_NOTIFY_RATE_LIMITS: '[{"channel":"email","max":2,"per":"30m"}]',
    });
    expect(c.smtpUrl).toBe('smtps://mailer:hunter2hunter2@mail.example');
    expect(c.notifyRouting['deployment.failed']).toEqual([{ channel: 'slack' }]);
    expect(c.notifyRouting['deploy.refused']).toEqual(DEFAULT_ROUTING['deploy.refused']);
    expect(c.notifyRateLimits[0]).toEqual({ channel: 'email', max: 2, perMs: 30 * 60_000 });
  });

  it('name the variable at fault, and never echo a secret', () => {
    const problems = problemsOf({
      TAI_SMTP_URL: 'http://mailer:hunter2hunter2@mail.example',
      TAI_PAGERDUTY_ROUTING_KEY: 'short-secret-key',
      TAI_OPS_EMAIL: 'nobody',
      TAI_NOTIFY_ROUTING: '{"nope":[]}',
      TAI_NOTIFY_RATE_LIMITS: 'not json',
    });
    expect(problems).toEqual([
      'TAI_SMTP_URL: must use smtp: or smtps:',
      'TAI_OPS_EMAIL: must be an email address (got "nobody")',
      'TAI_PAGERDUTY_ROUTING_KEY: must be the 32-character integration key',
      'TAI_NOTIFY_ROUTING: nope: not a notification type (got "{"nope":[]}")',
      'TAI_NOTIFY_RATE_LIMITS: must be JSON (got "not json")',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });
});
