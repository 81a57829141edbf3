/** One customer: standing, the actions (check now, recover), timeline, receipts, checkpoint, deployments, notifications. */
import { daysToExpiry } from '../../../domain/ops/overview.ts';
import type { CustomerOps } from '../../../services/ops/get-customer-ops.ts';
import { html, query, type Html } from '../html.ts';
import { page, when } from '../layout.ts';

const standing = (c: CustomerOps, now: number): Html => {
  const v = c.insurance;
  const cert = v.certificate;
  return html`<div class="card" id="standing">
    <h2>Insurance</h2>
    <dl>
      <dt>Certificate state</dt>
      <dd id="state">${v.state}</dd>
      <dt>Writes</dt>
      <dd id="writable">
        ${v.writable.ok ? html`<span class="ok">writable</span>` : html`<span class="bad">read-only</span>`}
      </dd>
      <dt>Read-only reason</dt>
      <dd id="read-only-reason">${v.writable.ok ? '—' : v.writable.reason}</dd>
      <dt>Certificate</dt>
      <dd>
        ${cert === null ? '—' : html`<code>${cert.certificateId}</code> (${cert.policyNumber}, ${cert.insurer.name}, ${cert.status})`}
      </dd>
      <dt>Expires</dt>
      <dd>${when(cert?.expiresAt)}</dd>
      <dt>Days to expiry</dt>
      <dd id="days-to-expiry">${cert === null ? '—' : daysToExpiry(cert.expiresAt, now)}</dd>
      <dt>Last check</dt>
      <dd>${when(v.lastCheckAt)}</dd>
      <dt>Last verified</dt>
      <dd>${when(v.lastVerifiedAt)}</dd>
      <dt>Next check</dt>
      <dd>${when(v.nextCheckAt)}</dd>
      <dt>Grace ends</dt>
      <dd>${when(v.graceEndsAt)}</dd>
      <dt>Consecutive failures</dt>
      <dd>
        ${v.consecutiveFailures}${v.lastFailure === null ? '' : html` (last: ${v.lastFailure.code}, ${when(v.lastFailure.at)})`}
      </dd>
      <dt>Recovery</dt>
      <dd>
        ${v.recovery === null ? '—' : html`since ${when(v.recovery.since)} (${v.recovery.reason}); ${v.recovery.goodChecks} good checks; operator ${v.recovery.operatorVerifiedAt === null ? 'not yet' : when(v.recovery.operatorVerifiedAt)}`}
      </dd>
    </dl>
  </div>`;
};

const actions = (c: CustomerOps, csrf: string): Html =>
  html`<div class="card" id="actions">
    <h2>Actions</h2>
    <form class="inline" method="post" action="/ops/customers/${c.customer.id}/check">
      <input type="hidden" name="csrf" value="${csrf}" /><button class="primary" type="submit" id="check-now">
        Check now
      </button>
    </form>
    <form class="inline" method="post" action="/ops/customers/${c.customer.id}/recover">
      <input type="hidden" name="csrf" value="${csrf}" /><button type="submit" id="recover">
        Recover (operator verified)
      </button>
    </form>
    <p class="muted">
      Check now asks the insurer at once. Recover records the operator's verification that writes may resume (only once
      the certificate is live again and enough good checks passed).
    </p>
  </div>`;

const timeline = (c: CustomerOps): Html =>
  html`<h2>Certificate timeline</h2>
    <table id="timeline">
      <thead>
        <tr>
          <th>At</th>
          <th>Event</th>
          <th>Outcome</th>
          <th>By</th>
          <th>Details</th>
        </tr>
      </thead>
      <tbody>
        ${c.timeline.map(
          (e) =>
            html`<tr>
              <td>${when(e.at)}</td>
              <td>${e.type}</td>
              <td>${e.outcome}</td>
              <td>${e.actor}</td>
              <td><code>${JSON.stringify(e.details)}</code></td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${c.timelineNext === null ? '' : html`<a href="/ops/customers/${c.customer.id}${query({ after: c.timelineNext })}">Later events →</a>`}
    <h2>Certificate event receipts</h2>
    <table id="certificate-receipts">
      <thead>
        <tr>
          <th class="num">Log index</th>
          <th>Receipt</th>
          <th>Issued</th>
        </tr>
      </thead>
      <tbody>
        ${c.certificateReceipts.map(
          (r) =>
            html`<tr>
              <td class="num">${r.logIndex}</td>
              <td><code>${r.id}</code></td>
              <td>${when(r.issuedAt)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;

const ledger = (c: CustomerOps): Html =>
  html`<h2>Recent receipts <span class="muted">(${c.receiptCount} in the log)</span></h2>
    <table id="receipts">
      <thead>
        <tr>
          <th class="num">Log index</th>
          <th>Receipt</th>
          <th>Kind</th>
          <th>Issued</th>
        </tr>
      </thead>
      <tbody>
        ${c.recentReceipts.map(
          (r) =>
            html`<tr>
              <td class="num">${r.logIndex}</td>
              <td><code>${r.id}</code></td>
              <td>${r.kind}</td>
              <td>${when(r.issuedAt)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h2>Latest signed checkpoint</h2>
    <div class="card" id="checkpoint">
      <dl>
        <dt>Tree size</dt>
        <dd>${c.checkpoint.row.treeSize}</dd>
        <dt>Root hash</dt>
        <dd><code>${c.checkpoint.row.rootHash}</code></dd>
        <dt>Signed</dt>
        <dd>${when(c.checkpoint.row.createdAt)}</dd>
        <dt>Witnessed</dt>
        <dd>${when(c.checkpoint.witnessedAt)}</dd>
      </dl>
      <pre>${c.checkpoint.note}</pre>
    </div>`;

const operations = (c: CustomerOps): Html =>
  html`<h2>Deployments</h2>
    <table id="deployments">
      <thead>
        <tr>
          <th>Deployment</th>
          <th>State</th>
          <th>Target</th>
          <th class="num">Capacity</th>
          <th>Authority</th>
          <th>Created</th>
        </tr>
      </thead>
      <tbody>
        ${c.deployments.map(
          (d) =>
            html`<tr>
              <td><code>${d.id}</code></td>
              <td>${d.state}</td>
              <td>${d.target}</td>
              <td class="num">${d.capacityUnits}</td>
              <td>${d.authority}</td>
              <td>${when(d.createdAt)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h2>Notifications</h2>
    <table id="notifications">
      <thead>
        <tr>
          <th>Type</th>
          <th>Channel</th>
          <th>Target</th>
          <th>Status</th>
          <th class="num">Attempts</th>
          <th>Created</th>
          <th>Finished</th>
        </tr>
      </thead>
      <tbody>
        ${c.notifications.map(
          (n) =>
            html`<tr>
              <td>${n.type}</td>
              <td>${n.channel}</td>
              <td>${n.target}</td>
              <td>${n.status}</td>
              <td class="num">${n.attempts}</td>
              <td>${when(n.createdAt)}</td>
              <td>${when(n.finishedAt)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;

export const customerPage = (c: CustomerOps, now: number, csrf: string, done: string | undefined): string =>
  page(
    { title: c.customer.name, csrf },
    html`<h1>
        ${c.customer.name} <span class="muted"><code>${c.customer.id}</code> · ${c.customer.mode}</span>
      </h1>
      ${done === undefined ? '' : html`<div class="notice done" id="done">${done}</div>`}
      <div class="grid wide">${standing(c, now)}${actions(c, csrf)}</div>
      ${timeline(c)}${ledger(c)}${operations(c)}`,
  );
