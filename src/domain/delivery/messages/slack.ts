/** The Slack message of one delivery: header, mrkdwn body, a context line, and what was coalesced. */
import type { Notification } from '../notification.ts';
import { slackEscape } from '../templates/engine.ts';
import type { TemplateFor } from '../templates/parts.ts';
import { renderPart } from '../templates/render.ts';
import { viewOf, type RenderContext } from '../templates/view.ts';
import { coalesced } from './coalesced.ts';
import type { SlackBlock, SlackMessage } from './types.ts';

/** Slack refuses a section text over 3000 characters. */
const SECTION_MAX = 3000;

interface SlackInput {
  readonly lead: Notification;
  readonly earlier: readonly Notification[];
  readonly template: TemplateFor<'slack'>;
  readonly context: RenderContext;
}

const cap = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export const slackMessage = (input: SlackInput): SlackMessage => {
  const { lead, template, context } = input;
  const view = viewOf(lead, context);
  const title = renderPart('slack', 'title', template.title, view);
  const more = coalesced(input.earlier, (n) => renderPart('slack', 'title', template.title, viewOf(n, context)));
  const who = context.customer === null ? 'system' : slackEscape(context.customer.name);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: cap(renderPart('slack', 'text', template.text, view), SECTION_MAX) },
    },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `*${lead.severity}* · \`${lead.type}\` · ${who} · ${lead.id}` }],
    },
  ];
  if (more !== null) {
    const list = more.lines.map((l) => `• ${slackEscape(l)}`).join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cap(`*${more.summary}:*\n${list}`, SECTION_MAX) } });
  }
  return {
    id: lead.id,
    notificationIds: [...input.earlier.map((n) => n.id), lead.id],
    text: slackEscape(
      more === null ? title : `${title} (${more.summary.charAt(0).toLowerCase()}${more.summary.slice(1)})`,
    ),
    blocks,
  };
};
