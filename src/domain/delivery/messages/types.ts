/**
 * Rendered messages, one shape per channel: what a channel adapter sends. Ids are stable for one
 * delivery, so a resend carries the same Message-ID, dedup_key or webhook-id.
 */
import type { Channel, FactValue, NotificationType, Severity } from '../notification.ts';

export interface EmailMessage {
  /** `<notification id>.<audience>`: the Message-ID is made from it. */
  readonly id: string;
  readonly type: NotificationType;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Every notification the message reports, oldest first (more than one when coalesced). */
  readonly notificationIds: readonly string[];
}

export type SlackText = { readonly type: 'plain_text' | 'mrkdwn'; readonly text: string };
export type SlackBlock =
  | { readonly type: 'header'; readonly text: SlackText }
  | { readonly type: 'section'; readonly text: SlackText }
  | { readonly type: 'context'; readonly elements: readonly SlackText[] };

export interface SlackMessage {
  readonly id: string;
  readonly notificationIds: readonly string[];
  /** The plain-text fallback shown in notifications and by clients without Block Kit. */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

export type PagerDutyEvent =
  | {
      readonly event_action: 'trigger';
      readonly dedup_key: string;
      readonly payload: {
        readonly summary: string;
        readonly source: string;
        readonly severity: Severity;
        readonly timestamp: string;
        readonly component: string;
        readonly group: string;
        readonly class: NotificationType;
        readonly custom_details: Readonly<Record<string, FactValue>>;
      };
    }
  | { readonly event_action: 'resolve'; readonly dedup_key: string };

export interface PagerDutyMessage {
  readonly id: string;
  /** Without routing_key: the adapter adds its configured key. */
  readonly event: PagerDutyEvent;
}

export interface WebhookMessage {
  /** The webhook-id header: the notification id, the same on every attempt and every endpoint. */
  readonly id: string;
  readonly type: NotificationType;
  /** The exact bytes signed and sent (canonical JSON, so a resend is byte-identical). */
  readonly body: string;
}

export interface Messages {
  readonly email: EmailMessage;
  readonly slack: SlackMessage;
  readonly pagerduty: PagerDutyMessage;
  readonly webhook: WebhookMessage;
}

export type MessageOf<C extends Channel> = Messages[C];
