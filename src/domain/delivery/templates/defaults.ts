/** The default template of every type on every channel, made from the words in copy.ts. */
import { NOTIFICATION_TYPES, type Channel, type NotificationType } from '../notification.ts';
import { COPY, type Copy } from './copy.ts';
import type { TemplateFor } from './parts.ts';

const REFERENCE = 'Notification {{id}} ({{type}}, {{severity}}) at {{atText}}.';

const BUILDERS: { readonly [C in Channel]: (c: Copy) => TemplateFor<C> } = {
  email: (c) => ({
    subject: c.title,
    text: [c.body, ...(c.action === null ? [] : [`What to do: ${c.action}`]), REFERENCE].join('\n\n'),
    html: [
      `<p>${c.body}</p>`,
      ...(c.action === null ? [] : [`<p><strong>What to do:</strong> ${c.action}</p>`]),
      `<p style="color:#666;font-size:small">${REFERENCE}</p>`,
    ].join('\n'),
  }),
  slack: (c) => ({
    title: c.title,
    text: c.action === null ? c.body : `${c.body}\n*What to do:* ${c.action}`,
  }),
  pagerduty: (c) => ({ summary: c.title }),
  webhook: (c) => ({ summary: c.title }),
};

type DefaultTemplates = { readonly [C in Channel]: Readonly<Record<NotificationType, TemplateFor<C>>> };

const byChannel = <C extends Channel>(channel: C): Readonly<Record<NotificationType, TemplateFor<C>>> =>
  Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, BUILDERS[channel](COPY[t])])) as Record<
    NotificationType,
    TemplateFor<C>
  >;

const DEFAULT_TEMPLATES: DefaultTemplates = {
  email: byChannel('email'),
  slack: byChannel('slack'),
  pagerduty: byChannel('pagerduty'),
  webhook: byChannel('webhook'),
};

export const defaultTemplate = <C extends Channel>(type: NotificationType, channel: C): TemplateFor<C> =>
  DEFAULT_TEMPLATES[channel][type];
