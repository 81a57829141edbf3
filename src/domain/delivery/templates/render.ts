/** Renders a template's parts against a view: each with its channel's escaping, one-line parts folded and capped. */
import type { Channel } from '../notification.ts';
import { renderText } from './engine.ts';
import { ONE_LINE, escapingOf } from './parts.ts';
import type { TemplateView } from './view.ts';

export const renderPart = (channel: Channel, part: string, template: string, view: TemplateView): string => {
  const out = renderText(template, view, escapingOf(channel, part));
  const limit = ONE_LINE[part];
  if (limit === undefined) return out;
  const line = out.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return line.length > limit ? `${line.slice(0, limit - 1)}…` : line;
};

export const renderParts = (
  channel: Channel,
  template: Readonly<Record<string, string>>,
  view: TemplateView,
): Record<string, string> =>
  Object.fromEntries(Object.entries(template).map(([part, text]) => [part, renderPart(channel, part, text, view)]));
