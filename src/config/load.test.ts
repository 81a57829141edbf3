import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_RULES } from '../domain/delivery/rate-limits.ts';
import { DEFAULT_ROUTING } from '../domain/delivery/routing.ts';
import { configTableMarkdown, loadConfig } from './load.ts';
import { ConfigError, SETTINGS } from './schema.ts';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
};

describe('configuration', () => {
  it('has development defaults that need nothing set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      profile: 'development',
      port: 8080,
      dataDir: './data',
      dbUrl: undefined,
      certCheckIntervalMs: 6 * 3_600_000,
      graceMs: 7 * 86_400_000,
      recoveryPolicy: 'manual',
      recoveryGoodChecks: 2,
      maxMode: 'prod',
      logLevel: 'info',
    });
  });

  it('refuses to start production without admin token, database and insurer, naming each variable', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual([
      'TAI_ADMIN_TOKEN: required when NODE_ENV=production',
      'TAI_DB_URL: required when NODE_ENV=production',
      'TAI_INSURER_URL: required when NODE_ENV=production',
      'TAI_RECEIPT_KEY_PATH: required when NODE_ENV=production',
      'TAI_AUDIT_SECRET_PATH: required when NODE_ENV=production',
    ]);
    expect(
      loadConfig({
        NODE_ENV: 'production',
        TAI_ADMIN_TOKEN: 'a'.repeat(32),
        TAI_DB_URL: 'postgres://db/tai',
        TAI_INSURER_URL: 'https://insurer.example',
        TAI_RECEIPT_KEY_PATH: '/etc/tai/receipt-keys.json',
        TAI_AUDIT_SECRET_PATH: '/etc/tai/audit-secret',
      }).profile,
    ).toBe('production');
  });

  it('names the variable at fault and never echoes a secret', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      TAI_CERT_CHECK_INTERVAL: '6 hours',
      TAI_ADMIN_TOKEN: 'short-secret',
      TAI_RECOVERY_POLICY: 'yolo',
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'PORT',
      'TAI_ADMIN_TOKEN',
      'TAI_CERT_CHECK_INTERVAL',
      'TAI_RECOVERY_POLICY',
    ]);
    expect(problems.join('\n')).not.toContain('short-secret');
    expect(problems.join('\n')).toContain('"eighty"');
  });

  it('parses durations and reads an optional JSON file that the environment overrides', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tai-config-'));
    const file = join(dir, 'tai.json');
    writeFileSync(file, JSON.stringify({ certCheckIntervalMs: '90m', graceMs: '2d', port: 9000, logLevel: 'warn' }));
    const c = loadConfig({ TAI_CONFIG_FILE: file, PORT: '9100' });
    expect([c.certCheckIntervalMs, c.graceMs, c.port, c.logLevel]).toEqual([90 * 60_000, 2 * 86_400_000, 9100, 'warn']);
    writeFileSync(file, JSON.stringify({ prot: 1 }));
    expect(problemsOf({ TAI_CONFIG_FILE: file })).toEqual(['TAI_CONFIG_FILE: unknown key "prot"']);
    writeFileSync(file, '{');
    expect(problemsOf({ TAI_CONFIG_FILE: file })[0]).toMatch(/^TAI_CONFIG_FILE/);
  });

  it('documents every setting in the generated table', () => {
    const table = configTableMarkdown();
    for (const s of SETTINGS) expect(table).toContain(`\`${s.env}\``);
  });
});

describe('orphaned deployments setting', () => {
  it('rolls orphans back by default, leaves them to an operator when asked, and names a bad value', () => {
    expect(loadConfig({}).orphanedDeployments).toBe('rollback');
    expect(loadConfig({ TAI_ORPHANED_DEPLOYMENTS: 'operator' }).orphanedDeployments).toBe('operator');
    expect(problemsOf({ TAI_ORPHANED_DEPLOYMENTS: 'retry' })).toEqual([
      'TAI_ORPHANED_DEPLOYMENTS: must be one of rollback, operator (got "retry")',
    ]);
  });
});

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
