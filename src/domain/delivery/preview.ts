/**
 * The preview an admin sees before saving a template: the message exactly as its channel would send
 * it, rendered against the sample of the type. A template that does not validate gets its problems.
 */
import { emailMessage } from './messages/email.ts';
import { pagerDutyMessage } from './messages/pagerduty.ts';
import { slackMessage } from './messages/slack.ts';
import type { MessageOf } from './messages/types.ts';
import { webhookMessage } from './messages/webhook.ts';
import type { Channel, Notification, NotificationType } from './notification.ts';
import { SAMPLE_CONTEXT, SAMPLES } from './samples.ts';
import { defaultTemplate } from './templates/defaults.ts';
import type { TemplateFor } from './templates/parts.ts';
import { validateTemplate } from './templates/validate.ts';
import type { RenderContext } from './templates/view.ts';

type Builders = { readonly [C in Channel]: (n: Notification, t: TemplateFor<C>, ctx: RenderContext) => MessageOf<C> };

const BUILDERS: Builders = {
  email: (n, template, context) =>
    emailMessage({
      lead: n,
      earlier: [],
      template,
      context,
      audience: 'customer',
      to: context.customer?.contactEmail ?? '',
    }),
  slack: (n, template, context) => slackMessage({ lead: n, earlier: [], template, context }),
  pagerduty: (n, template, context) =>
    pagerDutyMessage({ notification: n, template, context, source: 'tai-autonomics' }),
  webhook: (n, template, context) => webhookMessage({ notification: n, template, context }),
};

type PreviewResult<C extends Channel> =
  { readonly ok: true; readonly message: MessageOf<C> } | { readonly ok: false; readonly problems: readonly string[] };

export const previewTemplate = <C extends Channel>(
  type: NotificationType,
  channel: C,
  template: unknown = defaultTemplate(type, channel),
): PreviewResult<C> => {
  const valid = validateTemplate(type, channel, template);
  if (!valid.ok) return valid;
  const build = BUILDERS[channel] as (n: Notification, t: TemplateFor<C>, ctx: RenderContext) => MessageOf<C>;
  return { ok: true, message: build(SAMPLES[type], template as TemplateFor<C>, SAMPLE_CONTEXT) };
};
