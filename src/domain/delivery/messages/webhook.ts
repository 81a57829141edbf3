/**
 * The webhook payload of one notification, in the Standard Webhooks shape `{type, timestamp, data}`.
 * Canonical JSON, so the bytes (and so the signature over them) are the same on every attempt.
 */
import { canonicalize } from '../../shared/canonical-json.ts';
import type { Notification } from '../notification.ts';
import type { TemplateFor } from '../templates/parts.ts';
import { renderPart } from '../templates/render.ts';
import { viewOf, type RenderContext } from '../templates/view.ts';
import type { WebhookMessage } from './types.ts';

interface WebhookInput {
  readonly notification: Notification;
  readonly template: TemplateFor<'webhook'>;
  readonly context: RenderContext;
}

export const webhookMessage = (input: WebhookInput): WebhookMessage => {
  const n = input.notification;
  const body = canonicalize({
    type: n.type,
    timestamp: n.at,
    data: {
      id: n.id,
      type: n.type,
      severity: n.severity,
      customerId: n.customerId,
      dedupeKey: n.dedupeKey,
      incident: n.incident,
      summary: renderPart('webhook', 'summary', input.template.summary, viewOf(n, input.context)),
      facts: n.facts,
    },
  });
  return { id: n.id, type: n.type, body };
};
