/**
 * A permanent answer that says our own side of a channel is wrong, not the message or its recipient:
 * Slack's 400/403/404/410 (bad payload, revoked webhook, channel gone or archived) and PagerDuty's 400
 * (unknown routing key or an event it cannot take). Such attempts are counted apart
 * (`tai_notifications_misconfigured_total`) so the channel alert names the cause; a customer's webhook
 * answering 410 is that customer's endpoint, not our configuration.
 */
import type { Channel } from './notification.ts';

const MISCONFIGURED: Readonly<Record<Channel, ReadonlySet<number>>> = {
  slack: new Set([400, 403, 404, 410]),
  pagerduty: new Set([400]),
  email: new Set(),
  webhook: new Set(),
};

export const isMisconfigured = (
  channel: Channel,
  outcome: { readonly kind: string; readonly status?: number },
): boolean =>
  outcome.kind === 'permanent' && outcome.status !== undefined && MISCONFIGURED[channel].has(outcome.status);
