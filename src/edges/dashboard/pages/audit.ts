/** The audit search: the existing audit query's filters as a form, one page of events, a link to the next. */
import type { AuditRow } from '../../../domain/receipts/audit-chain.ts';
import { AUDIT_OUTCOMES } from '../../../domain/receipts/audit-chain.ts';
import { html, query } from '../html.ts';
import { page, when } from '../layout.ts';

interface AuditFilters {
  readonly type?: string | undefined;
  readonly customer?: string | undefined;
  readonly outcome?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export const auditPage = (
  filters: AuditFilters,
  result: { items: readonly AuditRow[]; next: number | null },
  csrf: string,
): string =>
  page(
    { title: 'Audit', csrf },
    html`<h1>Audit trail</h1>
      <form class="filters" method="get" action="/ops/audit">
        <label>Type<input name="type" value="${filters.type ?? ''}" placeholder="certificate.degraded" /></label>
        <label>Customer id<input name="customer" value="${filters.customer ?? ''}" placeholder="cus_..." /></label>
        <label
          >Outcome<select name="outcome">
            <option value="">any</option>
            ${AUDIT_OUTCOMES.map(
              (o) => html`<option value="${o}" ${filters.outcome === o ? html` selected` : ''}>${o}</option>`,
            )}
          </select></label
        >
        <label>From<input name="from" value="${filters.from ?? ''}" placeholder="2026-01-01T00:00:00Z" /></label>
        <label>To<input name="to" value="${filters.to ?? ''}" placeholder="2026-12-31T23:59:59Z" /></label>
        <button type="submit">Search</button>
      </form>
      <table id="audit">
        <thead>
          <tr>
            <th class="num">Seq</th>
            <th>At</th>
            <th>Type</th>
            <th>Actor</th>
            <th>Customer (pseudonym)</th>
            <th>Outcome</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          ${result.items.map(
            (e) =>
              html`<tr>
                <td class="num">${e.seq}</td>
                <td>${when(e.at)}</td>
                <td>${e.type}</td>
                <td>${e.actor}</td>
                <td><code>${e.customerPseudonym ?? '—'}</code></td>
                <td>${e.outcome}</td>
                <td><code>${JSON.stringify(e.details)}</code></td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${result.items.length === 0 ? html`<p class="muted">No events match.</p>` : ''}
      ${result.next === null ? '' : html`<a id="next" href="/ops/audit${query({ ...filters, after: result.next })}">Next page →</a>`}`,
  );
