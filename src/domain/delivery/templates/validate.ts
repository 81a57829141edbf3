/**
 * The validator an admin's template must pass before it is saved, so that nothing fails at send time:
 * it parses, every name it uses exists for its type, HTML and Slack parts do not switch escaping off,
 * and it renders to a non-empty text of allowed length against the type's sample.
 */
import type { Channel, NotificationType } from '../notification.ts';
import { SAMPLE_CONTEXT, SAMPLES } from '../samples.ts';
import { parseTags, type Tag } from './engine.ts';
import { escapingOf, partsOf } from './parts.ts';
import { renderParts } from './render.ts';
import { viewOf } from './view.ts';

const MAX_PART_LENGTH = 20_000;

const has = (v: unknown, key: string): boolean =>
  typeof v === 'object' && v !== null && Object.prototype.hasOwnProperty.call(v, key);

/** Mustache's lookup: the innermost frame holding the first segment, then the rest of the dotted name. */
const lookup = (name: string, stack: readonly unknown[]): { readonly found: boolean; readonly value: unknown } => {
  if (name === '.') return { found: true, value: stack.at(-1) };
  const [first = '', ...rest] = name.split('.');
  for (let i = stack.length - 1; i >= 0; i--) {
    let value: unknown = stack[i];
    if (!has(value, first)) continue;
    value = (value as Record<string, unknown>)[first];
    for (const seg of rest) {
      if (!has(value, seg)) return { found: false, value: undefined };
      value = (value as Record<string, unknown>)[seg];
    }
    return { found: true, value };
  }
  return { found: false, value: undefined };
};

const checkTags = (
  tags: readonly Tag[],
  stack: readonly unknown[],
  where: string,
  html: boolean,
  out: string[],
): void => {
  for (const t of tags) {
    if (t.kind === '!' || t.kind === '=') continue;
    if (t.kind === '>') {
      out.push(`${where}: partials ({{> ${t.name}}}) are not available`);
      continue;
    }
    if (t.kind === '&' && html) out.push(`${where}: {{{${t.name}}}} or {{& ${t.name}}} would not be escaped here`);
    const { found, value } = lookup(t.name, stack);
    if (!found) out.push(`${where}: unknown name ${t.name}`);
    if (t.kind === '#' || t.kind === '^') {
      const inner = Array.isArray(value) ? (value[0] as unknown) : value;
      const pushed = t.kind === '#' && typeof inner === 'object' && inner !== null ? [...stack, inner] : stack;
      checkTags(t.children, pushed, where, html, out);
    }
  }
};

type Validation = { readonly ok: true } | { readonly ok: false; readonly problems: readonly string[] };

export const validateTemplate = (type: NotificationType, channel: Channel, template: unknown): Validation => {
  if (typeof template !== 'object' || template === null || Array.isArray(template)) {
    return { ok: false, problems: ['the template must be an object of its parts'] };
  }
  const given = template as Record<string, unknown>;
  const parts = partsOf(channel);
  const problems: string[] = [];
  for (const k of Object.keys(given)) {
    if (!parts.includes(k)) problems.push(`${k}: not a part of a ${channel} template (${parts.join(', ')})`);
  }
  const view = viewOf(SAMPLES[type], SAMPLE_CONTEXT);
  const texts: Record<string, string> = {};
  for (const part of parts) {
    const text = given[part];
    if (typeof text !== 'string') {
      problems.push(`${part}: missing (a string)`);
      continue;
    }
    if (text.length > MAX_PART_LENGTH) problems.push(`${part}: longer than ${MAX_PART_LENGTH} characters`);
    const parsed = parseTags(text);
    if (!parsed.ok) {
      problems.push(`${part}: ${parsed.error}`);
      continue;
    }
    checkTags(parsed.tags, [view], part, escapingOf(channel, part) !== 'none', problems);
    texts[part] = text;
  }
  if (problems.length > 0) return { ok: false, problems };
  for (const ctx of [SAMPLE_CONTEXT, { customer: null }]) {
    const rendered = renderParts(channel, texts, viewOf(SAMPLES[type], ctx));
    for (const [part, out] of Object.entries(rendered)) {
      if (ctx.customer !== null && out.trim() === '') problems.push(`${part}: renders empty for the sample`);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true };
};
