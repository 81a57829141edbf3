/** The overview: system mode, customers by certificate state, expiries, insurer health, outbox, customers. */
import { CERTIFICATE_STATES } from '../../../domain/certificate/types.ts';
import { daysToExpiry, EXPIRY_WINDOWS } from '../../../domain/ops/overview.ts';
import type { OpsOverview } from '../../../services/ops/get-ops-overview.ts';
import { html, query, type Html } from '../html.ts';
import { page, when } from '../layout.ts';

const systemCard = (o: OpsOverview): Html => {
  const s = o.system;
  return html`<div class="card" id="system-mode">
    <h2>System mode</h2>
    ${
      s.readOnly
        ? html`<div class="big bad">Read-only</div>
            <div>Reason: <span id="system-reason">${s.reason ?? s.readOnly.cause}</span></div>`
        : html`<div class="big ok">Normal</div>
            <div class="muted">Writes are allowed where each customer's insurance allows them.</div>`
    }
    <div class="muted">Highest mode: ${s.maxMode}; last insurer success ${when(s.lastInsurerSuccessAt)}</div>
  </div>`;
};

const statesCard = (o: OpsOverview): Html => {
  const { summary } = o;
  return html`<div class="card" id="by-state">
    <h2>Customers by certificate state</h2>
    <table>
      <tbody>
        ${CERTIFICATE_STATES.map(
          (state) =>
            html`<tr>
              <td>${state}</td>
              <td class="num" data-state="${state}">${summary.byState[state]}</td>
              <td><meter min="0" max="${Math.max(1, summary.customers)}" value="${summary.byState[state]}"></meter></td>
            </tr>`,
        )}
      </tbody>
    </table>
    <div>
      ${summary.customers} customers,
      <span class="${summary.readOnly > 0 ? 'bad' : 'ok'}" id="read-only-count">${summary.readOnly} read-only</span>
    </div>
  </div>`;
};

const expiryCard = (o: OpsOverview): Html =>
  html`<div class="card" id="expiring">
    <h2>Certificates expiring</h2>
    <table>
      <tbody>
        ${EXPIRY_WINDOWS.map(
          (days) =>
            html`<tr>
              <td>within ${days} day${days === 1 ? '' : 's'}</td>
              <td class="num ${o.summary.expiringWithin[days] > 0 ? 'warn' : ''}" data-within="${days}">
                ${o.summary.expiringWithin[days]}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;

const insurerCard = (o: OpsOverview): Html => {
  const { breaker, calls } = o.insurer;
  return html`<div class="card" id="insurer">
    <h2>Insurer</h2>
    <dl>
      <dt>Circuit breaker</dt>
      <dd class="${breaker === 'closed' ? 'ok' : 'bad'}" id="breaker">${breaker}</dd>
      ${
        calls === undefined
          ? html`<dt>Calls</dt>
              <dd class="muted">not counted by this client</dd>`
          : html`<dt>Calls per ${calls.windowMs / 1000} s</dt>
              <dd id="insurer-calls">
                ${calls.inWindow} of ${calls.limit} allowed<br /><meter
                  min="0"
                  max="${calls.limit}"
                  high="${Math.floor(calls.limit * 0.8)}"
                  value="${calls.inWindow}"
                ></meter>
              </dd>`
      }
      <dt>Grace periods running</dt>
      <dd id="grace-periods">${o.summary.gracePeriods}</dd>
    </dl>
  </div>`;
};

const outboxCard = (o: OpsOverview): Html => {
  const oldest = o.outbox.oldestCreatedAt;
  const age = oldest === null ? null : Math.max(0, Math.round((o.at - Date.parse(oldest)) / 1000));
  return html`<div class="card" id="outbox">
    <h2>Notification outbox</h2>
    <div class="big ${o.outbox.pending > 0 ? 'warn' : 'ok'}" id="outbox-pending">${o.outbox.pending}</div>
    <div class="muted">pending${age === null ? '' : html`; oldest ${age} s old (${when(oldest)})`}</div>
  </div>`;
};

const customersTable = (o: OpsOverview): Html =>
  html`<h2>Customers</h2>
    <table id="customers">
      <thead>
        <tr>
          <th>Customer</th>
          <th>Mode</th>
          <th>Certificate state</th>
          <th>Writes</th>
          <th>Expires</th>
          <th class="num">Days left</th>
          <th>Next check</th>
        </tr>
      </thead>
      <tbody>
        ${o.customers.items.map((c) => {
          const v = c.insurance;
          return html`<tr data-customer="${c.customer.id}">
            <td>
              <a href="/ops/customers/${c.customer.id}">${c.customer.name}</a><br /><code class="muted"
                >${c.customer.id}</code
              >
            </td>
            <td>${c.customer.mode}${c.effectiveMode === c.customer.mode ? '' : html` (acts as ${c.effectiveMode})`}</td>
            <td>${v.state}</td>
            <td>
              ${v.writable.ok ? html`<span class="ok">writable</span>` : html`<span class="bad">read-only: ${v.writable.reason}</span>`}
            </td>
            <td>${when(v.certificate?.expiresAt)}</td>
            <td class="num">${v.certificate === null ? '—' : daysToExpiry(v.certificate.expiresAt, o.at)}</td>
            <td>${when(v.nextCheckAt)}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    ${o.customers.next === null ? '' : html`<a href="/ops${query({ after: o.customers.next })}">Next customers →</a>`}`;

export const overviewPage = (o: OpsOverview, csrf: string): string =>
  page(
    { title: 'Overview', csrf, refreshSeconds: 30 },
    html`<h1>Overview <span class="muted">as of ${when(o.at)}</span></h1>
      <div class="grid">${systemCard(o)}${statesCard(o)}${expiryCard(o)}${insurerCard(o)}${outboxCard(o)}</div>
      ${customersTable(o)}`,
  );
