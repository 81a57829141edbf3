/** Renders the error catalog as the markdown of docs/errors.md (a test keeps the file in step). */
import { catalogParts } from './catalog/index.ts';
import type { ErrorSpec } from './spec.ts';

const cell = (s: string): string => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

export const renderErrorCatalog = (): string => {
  const out = [
    '# Error catalog',
    '',
    '<!-- Generated from src/domain/errors/catalog by `npm run docs:errors`. Do not edit by hand. -->',
    '',
    'Every error response has the body `{"error": {"code", "message", "requestId", "docs", "retryable", "path"?}}`.',
    '`code` is stable: match on it, not on `message`. `retryable` says whether the same request can succeed later.',
    '`path`, when present, is the JSON pointer of the input at fault. Quote `requestId` when you contact support.',
    '`receiptId`, when present, names the signed receipt that evidences a refusal (GET /v1/receipts/{id}).',
    '',
  ];
  for (const [area, part] of Object.entries(catalogParts)) {
    const entries = Object.entries(part as Record<string, ErrorSpec>);
    if (entries.length === 0) continue;
    out.push(
      `## ${area}`,
      '',
      '| Code | HTTP | Retryable | Customer message | Meaning (internal) |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const [code, s] of entries) {
      out.push(
        `| <a id="${code.toLowerCase()}"></a>\`${code}\` | ${s.status} | ${s.retryable ? 'yes' : 'no'} | ${cell(s.message)} | ${cell(s.internal)} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
};
