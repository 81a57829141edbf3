/**
 * The fulfillment report as a printable HTML page: every value escaped, one inline style sheet (its
 * hash is the page's only CSP allowance; no script, nothing fetched from elsewhere).
 */
import type { FulfillmentReport, TermStatus } from './fulfillment.ts';

export const FULFILLMENT_CSS = `body{font:14px/1.45 system-ui,sans-serif;color:#1b1f24;margin:2rem auto;max-width:60rem;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eaeef2}
td.n{text-align:right;font-variant-numeric:tabular-nums}.met{color:#1a7f37}.not_met{color:#cf222e;font-weight:600}
.not_applicable{color:#656d76}.meta{color:#656d76}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}table{break-inside:avoid}}`;

const esc = (v: string | number | null): string =>
  String(v ?? '-')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

const STATUS_TEXT: Readonly<Record<TermStatus, string>> = {
  met: 'met',
  not_met: 'NOT MET',
  not_applicable: 'not applicable',
};

const table = (head: readonly string[], rows: readonly string[][], numeric: ReadonlySet<number> = new Set()): string =>
  `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>` +
  rows
    .map((r) => `<tr>${r.map((c, i) => (numeric.has(i) ? `<td class="n">${c}</td>` : `<td>${c}</td>`)).join('')}</tr>`)
    .join('') +
  '</tbody></table>';

export const renderFulfillmentHtml = (r: FulfillmentReport): string => {
  const c = r.contract;
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>Contract fulfillment: ${esc(r.customerName)}</title>`,
    `<style>${FULFILLMENT_CSS}</style></head><body>`,
    `<h1>Contract fulfillment: ${esc(r.customerName)}</h1>`,
    `<p class="meta">Customer ${esc(r.customerId)} (mode ${esc(r.mode)}), days ${esc(r.from)} to ${esc(r.to)} (excluded); ` +
      `contract ${c === null ? 'none' : `${esc(c.reference)}, ${esc(c.startsOn)} to ${esc(c.endsOn)}`}; generated ${esc(r.generatedAt)}.</p>`,
    '<h2>Terms</h2>',
    table(
      ['Term', 'Status', 'Detail'],
      r.terms.map((t) => [
        esc(t.term),
        `<span class="${t.status}">${esc(STATUS_TEXT[t.status])}</span>`,
        esc(t.detail),
      ]),
    ),
    '<h2>Services delivered</h2>',
    table(
      ['Quotes', 'Publishes', 'Deploys'],
      [[esc(r.delivered.quotes), esc(r.delivered.publishes), esc(r.delivered.deploys)]],
      new Set([0, 1, 2]),
    ),
    '<h2>Usage against limits</h2>',
    table(
      ['Limit', 'Allowed', 'Peak in range', 'Now'],
      r.limits.map((l) => [esc(l.limit), esc(l.allowed), esc(l.peak), esc(l.current)]),
      new Set([1, 2, 3]),
    ),
    '<h2>Features</h2>',
    table(
      ['Feature', 'Contracted', 'Used'],
      r.features.map((f) => [esc(f.feature), f.contracted ? 'yes' : 'no', f.used ? 'yes' : 'no']),
    ),
    '<h2>Insurance</h2>',
    table(
      ['Days insured', 'Days read-only', 'Days without a verified certificate'],
      [[esc(r.insurance.insured), esc(r.insurance.readOnly), esc(r.insurance.uninsured)]],
      new Set([0, 1, 2]),
    ),
    r.insurance.readOnlyDays.length === 0
      ? ''
      : `<p>Read-only days: ${r.insurance.readOnlyDays.map(esc).join(', ')}.</p>`,
    '</body></html>',
    '',
  ].join('\n');
};
