/** Deployments across customers, newest first, a page at a time. */
import type { Page } from '../../../adapters/store/interface.ts';
import type { Deployment } from '../../../domain/deployment/index.ts';
import { html, query } from '../html.ts';
import { page, when } from '../layout.ts';

export const deploymentsPage = (result: Page<Deployment>, csrf: string): string =>
  page(
    { title: 'Deployments', csrf },
    html`<h1>Deployments</h1>
      <table id="deployments">
        <thead>
          <tr>
            <th>Deployment</th>
            <th>Customer</th>
            <th>State</th>
            <th>Target</th>
            <th class="num">Capacity</th>
            <th>Authority</th>
            <th>Created</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          ${result.items.map(
            (d) =>
              html`<tr>
                <td><code>${d.id}</code></td>
                <td><a href="/ops/customers/${d.customerId}">${d.customerId}</a></td>
                <td>${d.state}</td>
                <td>${d.target}</td>
                <td class="num">${d.capacityUnits}</td>
                <td>${d.authority}</td>
                <td>${when(d.createdAt)}</td>
                <td>${when(d.updatedAt)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${result.items.length === 0 ? html`<p class="muted">No deployments yet.</p>` : ''}
      ${result.next === null ? '' : html`<a id="next" href="/ops/deployments${query({ after: result.next })}">Older deployments →</a>`}`,
  );
