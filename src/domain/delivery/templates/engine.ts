/**
 * The template engine: Mustache (logic-less: names, sections, inverted sections, nothing else). Each
 * part of a template is rendered with the escaping of where its text lands: HTML in an HTML body,
 * Slack's three entities in mrkdwn, nothing in plain text.
 */
import Mustache from 'mustache';

export type Escaping = 'html' | 'slack' | 'none';

export const slackEscape = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export const escapeHtml = (s: string): string => Mustache.escape(s);

const ESCAPES: Readonly<Record<Escaping, (value: unknown) => string>> = {
  html: (v) => escapeHtml(String(v)),
  slack: (v) => slackEscape(String(v)),
  none: (v) => String(v),
};

export const renderText = (template: string, view: object, escaping: Escaping): string =>
  Mustache.render(template, view, {}, { escape: ESCAPES[escaping] });

/** One tag of a parsed template: its kind (name, &, #, ^, >, =, !), its name, and for sections what is inside. */
export interface Tag {
  readonly kind: string;
  readonly name: string;
  readonly children: readonly Tag[];
}

type Span = readonly unknown[];

const toTags = (spans: readonly Span[]): readonly Tag[] =>
  spans
    .filter((s) => s[0] !== 'text')
    .map((s) => ({
      kind: String(s[0]),
      name: String(s[1]),
      children: Array.isArray(s[4]) ? toTags(s[4] as readonly Span[]) : [],
    }));

/** The tags of a template, or the parser's complaint (an unclosed tag or section). */
export const parseTags = (
  template: string,
): { readonly ok: true; readonly tags: readonly Tag[] } | { readonly ok: false; readonly error: string } => {
  try {
    return { ok: true, tags: toTags(Mustache.parse(template)) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
};
