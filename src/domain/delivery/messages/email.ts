/** The email of one delivery: the rendered template, then what a rate limit coalesced into it. */
import type { Notification } from '../notification.ts';
import type { Audience } from '../routing.ts';
import { escapeHtml } from '../templates/engine.ts';
import type { TemplateFor } from '../templates/parts.ts';
import { renderPart } from '../templates/render.ts';
import { viewOf, type RenderContext } from '../templates/view.ts';
import { coalesced } from './coalesced.ts';
import type { EmailMessage } from './types.ts';

interface EmailInput {
  /** The notification the message leads with (the latest). */
  readonly lead: Notification;
  /** Held by the rate limit and reported with it, oldest first. */
  readonly earlier: readonly Notification[];
  readonly template: TemplateFor<'email'>;
  readonly context: RenderContext;
  readonly audience: Audience;
  readonly to: string;
}

export const emailMessage = (input: EmailInput): EmailMessage => {
  const { lead, template, context } = input;
  const view = viewOf(lead, context);
  const more = coalesced(input.earlier, (n) => renderPart('email', 'subject', template.subject, viewOf(n, context)));
  const text = renderPart('email', 'text', template.text, view);
  const html = renderPart('email', 'html', template.html, view);
  return {
    id: `${lead.id}.${input.audience}`,
    type: lead.type,
    to: input.to,
    subject: renderPart('email', 'subject', template.subject, view),
    text: more === null ? text : `${text}\n\n${more.summary}:\n${more.lines.map((l) => `- ${l}`).join('\n')}\n`,
    html:
      more === null
        ? html
        : `${html}\n<p>${escapeHtml(more.summary)}:</p>\n<ul>${more.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
    notificationIds: [...input.earlier.map((n) => n.id), lead.id],
  };
};
