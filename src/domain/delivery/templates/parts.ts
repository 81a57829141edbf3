/**
 * The parts of a template on each channel and the escaping each is rendered with. Email has a subject,
 * a plain-text and an HTML body; Slack a title (the header block, plain text) and an mrkdwn body;
 * PagerDuty a summary; a webhook a summary carried in its JSON payload beside the facts.
 */
import type { Channel } from '../notification.ts';
import type { Escaping } from './engine.ts';

export const TEMPLATE_PARTS = {
  email: { subject: 'none', text: 'none', html: 'html' },
  slack: { title: 'none', text: 'slack' },
  pagerduty: { summary: 'none' },
  webhook: { summary: 'none' },
} as const satisfies Record<Channel, Record<string, Escaping>>;

export type PartName<C extends Channel> = keyof (typeof TEMPLATE_PARTS)[C] & string;
export type TemplateFor<C extends Channel> = { readonly [P in PartName<C>]: string };

/** Parts that are one line (a header, a title, a summary): line breaks rendered into them become spaces. */
export const ONE_LINE: Readonly<Record<string, number>> = {
  // Slack's header block takes 150 characters of plain text, PagerDuty's summary 1024.
  subject: 250,
  title: 150,
  summary: 1024,
};

export const partsOf = (channel: Channel): readonly string[] => Object.keys(TEMPLATE_PARTS[channel]);

export const escapingOf = (channel: Channel, part: string): Escaping =>
  (TEMPLATE_PARTS[channel] as Readonly<Record<string, Escaping>>)[part] ?? 'none';
