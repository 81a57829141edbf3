/**
 * The channel port: send one rendered message and say what became of it. Every channel (email, Slack,
 * PagerDuty, customer webhooks) implements it and is listed in one table by channel (table.ts). An
 * adapter never throws for an answer of the far side: those come back as outcomes whose kind tells the
 * caller whether to retry (see src/domain/delivery/retry.ts). Errors never carry a secret.
 */
import type {
  EmailMessage,
  PagerDutyMessage,
  SlackMessage,
  WebhookMessage,
} from '../../../domain/delivery/messages/types.ts';
import type { Channel } from '../../../domain/delivery/notification.ts';

export type SendOutcome =
  | {
      readonly kind: 'delivered';
      /** The receiver's status: HTTP, or the SMTP reply code; absent when written to a file. */
      readonly status?: number;
      readonly latencyMs: number;
      /** Where a development fallback wrote the message, for the caller to log. */
      readonly savedTo?: string;
    }
  | { readonly kind: 'retry'; readonly status?: number; readonly retryAfterMs?: number; readonly error: string }
  | { readonly kind: 'permanent'; readonly status?: number; readonly error: string };

/**
 * A customer's registered endpoint: during a secret rotation it has two secrets and both sign. The secrets
 * are as stored, sealed (src/adapters/keys/sealed-secret.ts): only the webhook channel opens them.
 */
export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  readonly sealedSecrets: readonly string[];
}

export interface ChannelInputs {
  readonly email: EmailMessage;
  readonly slack: SlackMessage;
  readonly pagerduty: PagerDutyMessage;
  readonly webhook: { readonly message: WebhookMessage; readonly endpoint: WebhookEndpoint };
}

export interface SendOptions {
  /** Aborting gives up the attempt at once (shutdown, a test); it comes back as a retry. */
  readonly signal?: AbortSignal;
}

export interface ChannelAdapter<C extends Channel> {
  readonly channel: C;
  /** false: nothing is configured for this channel, so nothing should be routed to it. */
  readonly configured: boolean;
  send(input: ChannelInputs[C], options?: SendOptions): Promise<SendOutcome>;
  close(): Promise<void>;
}

export type ChannelAdapters = { readonly [C in Channel]: ChannelAdapter<C> };
