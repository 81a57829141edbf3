/**
 * The error catalog as an HTML page for browsers: one row per code with an anchor (`#tai-req-validation`),
 * which the `docs` link of every error body (`/errors#<code>`) jumps to. No script, no style sheet.
 */
import { catalogParts } from './catalog/index.ts';
import type { ErrorSpec } from './spec.ts';

const escapeHtml = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Inline `code` spans of the catalog's text, after escaping. */
const inline = (s: string): string => escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>');

export const renderErrorCatalogHtml = (): string => {
  const sections = Object.entries(catalogParts).flatMap(([area, part]) => {
    const entries = Object.entries(part as Record<string, ErrorSpec>);
    if (entries.length === 0) return [];
    const rows = entries.map(
      ([code, s]) =>
        `<tr id="${code.toLowerCase()}"><td><a href="#${code.toLowerCase()}"><code>${code}</code></a></td>` +
        `<td>${s.status}</td><td>${s.retryable ? 'yes' : 'no'}</td><td>${inline(s.message)}</td><td>${inline(s.internal)}</td></tr>`,
    );
    return [
      `<h2>${escapeHtml(area)}</h2>`,
      '<table><thead><tr><th>Code</th><th>HTTP</th><th>Retryable</th><th>Customer message</th><th>Meaning</th></tr></thead>',
      `<tbody>${rows.join('\n')}</tbody></table>`,
    ];
  });
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>Error catalog</title></head><body>',
    '<h1>Error catalog</h1>',
    '<p>Every error response has the body <code>{"error": {"code", "message", "requestId", "docs", "retryable", "path"?}}</code>.',
    'Match on <code>code</code>, not on <code>message</code>. Quote <code>requestId</code> when you contact support.',
    'The same catalog as markdown: <code>GET /errors</code> with <code>Accept: text/markdown</code>.</p>',
    ...sections,
    '</body></html>',
    '',
  ].join('\n');
};
