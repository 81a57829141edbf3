import { defineErrors } from '../spec.ts';

/** Notification delivery: templates and customer webhook endpoints. */
export const notificationsErrors = defineErrors({
  'TAI-NOTIFY-TEMPLATE-INVALID': {
    status: 422,
    message: 'The template was not saved: it does not render. The problems list each part at fault.',
    internal:
      'validateTemplate refused it (src/domain/delivery/templates/validate.ts): a parse error, an unknown name, unescaped output in an HTML or Slack part, a partial, or a part that renders empty for the sample.',
    retryable: false,
  },
  'TAI-NOTIFY-WEBHOOK-URL-REFUSED': {
    status: 422,
    message: 'This webhook URL cannot be used: it must be https and reach a public address.',
    internal:
      'checkWebhookUrl or the guarded lookup refused it (src/adapters/notifier/channels/webhook/url-policy.ts): not https in production, credentials in the URL, or a private, loopback or link-local address.',
    retryable: false,
  },
  'TAI-NOTIFY-DELIVERY-NOT-FOUND': {
    status: 404,
    message: 'No such notification delivery.',
    internal: 'No row in notification_deliveries with that id.',
    retryable: false,
  },
  'TAI-NOTIFY-DELIVERY-NOT-DEAD': {
    status: 409,
    message: 'Only a dead-lettered delivery can be redelivered.',
    internal: 'The delivery is pending, held, delivered or coalesced into another.',
    retryable: false,
  },
  'TAI-NOTIFY-WEBHOOK-NOT-FOUND': {
    status: 404,
    message: 'No such webhook endpoint for this customer.',
    internal: 'The endpoint id does not exist or belongs to another customer.',
    retryable: false,
  },
});
