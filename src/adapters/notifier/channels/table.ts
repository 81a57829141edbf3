/**
 * Every channel, in one exhaustive table by channel, built from the configuration once at start-up. A
 * channel without its setting is unconfigured, except email in development, which writes .eml files.
 */
import { CHANNELS } from '../../../domain/delivery/notification.ts';
import { createEmailChannel } from './email/index.ts';
import type { ChannelAdapters } from './interface.ts';
import { createPagerDutyChannel } from './pagerduty/index.ts';
import type { Secret } from './secret.ts';
import { createSlackChannel } from './slack/index.ts';
import { unconfiguredChannel } from './unconfigured.ts';
import { createWebhookChannel } from './webhook/index.ts';
import { urlPolicyFor } from './webhook/url-policy.ts';

export interface ChannelSettings {
  readonly profile: 'production' | 'development';
  readonly dataDir: string;
  readonly smtpUrl: Secret | undefined;
  readonly mailFrom: string;
  readonly slackWebhookUrl: Secret | undefined;
  readonly pagerDutyRoutingKey: Secret | undefined;
  readonly pagerDutyEventsUrl: string | undefined;
  readonly now: () => number;
  /** Opens customers' sealed webhook signing secrets. */
  readonly webhookSecretsKey: Uint8Array;
}

export const createChannels = (s: ChannelSettings): ChannelAdapters => ({
  email:
    s.smtpUrl === undefined && s.profile === 'production'
      ? unconfiguredChannel('email', 'TAI_SMTP_URL')
      : createEmailChannel({ smtpUrl: s.smtpUrl, from: s.mailFrom, dataDir: s.dataDir }),
  slack:
    s.slackWebhookUrl === undefined
      ? unconfiguredChannel('slack', 'TAI_SLACK_WEBHOOK_URL')
      : createSlackChannel({ webhookUrl: s.slackWebhookUrl, now: s.now }),
  pagerduty:
    s.pagerDutyRoutingKey === undefined
      ? unconfiguredChannel('pagerduty', 'TAI_PAGERDUTY_ROUTING_KEY')
      : createPagerDutyChannel({
          routingKey: s.pagerDutyRoutingKey,
          now: s.now,
          ...(s.pagerDutyEventsUrl === undefined ? {} : { eventsUrl: s.pagerDutyEventsUrl }),
        }),
  webhook: createWebhookChannel({ policy: urlPolicyFor(s.profile), now: s.now, secretsKey: s.webhookSecretsKey }),
});

export const closeChannels = async (channels: ChannelAdapters): Promise<void> => {
  await Promise.all(CHANNELS.map((c) => channels[c].close()));
};
