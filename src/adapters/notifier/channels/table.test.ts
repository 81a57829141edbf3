/** The channel table from configuration: every channel present, unconfigured ones say so. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../domain/delivery/notification.ts';
import { Secret } from './secret.ts';
import { closeChannels, createChannels, type ChannelSettings } from './table.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const settings = (over: Partial<ChannelSettings> = {}): ChannelSettings => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tai-channels-'));
  dirs.push(dataDir);
  return {
    profile: 'development',
    dataDir,
    smtpUrl: undefined,
    mailFrom: 'TAI <n@tai.example>',
    slackWebhookUrl: undefined,
    pagerDutyRoutingKey: undefined,
    pagerDutyEventsUrl: undefined,
    now: Date.now,
    webhookSecretsKey: Buffer.alloc(32, 3),
    ...over,
  };
};

describe('channel table', () => {
  it('has every channel; development with nothing set writes email to files and has no Slack or PagerDuty', async () => {
    const channels = createChannels(settings());
    expect(CHANNELS.map((c) => [c, channels[c].channel, channels[c].configured])).toEqual([
      ['email', 'email', true],
      ['slack', 'slack', false],
      ['pagerduty', 'pagerduty', false],
      ['webhook', 'webhook', true],
    ]);
    expect(await channels.slack.send({ id: 'ntf_x', notificationIds: ['ntf_x'], text: 'x', blocks: [] })).toEqual({
      kind: 'permanent',
      error: 'slack is not configured (TAI_SLACK_WEBHOOK_URL)',
    });
    await closeChannels(channels);
  });

  it('production without TAI_SMTP_URL sends no email; each configured channel is configured', async () => {
    const channels = createChannels(
      settings({
        profile: 'production',
        slackWebhookUrl: new Secret('https://hooks.slack.test/services/T/B/x'),
        pagerDutyRoutingKey: new Secret('abcdefghijklmnopqrstuvwxyz012345'),
      }),
    );
    expect(CHANNELS.map((c) => channels[c].configured)).toEqual([false, true, true, true]);
    await closeChannels(channels);
  });
});
