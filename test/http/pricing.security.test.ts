/** Quotes need pricing:read, and each customer is priced by its own configuration only. */
import { expect, it } from 'vitest';
import { issueExampleConfig } from '../fixtures/pricing/issue-example.ts';

import { ADMIN_TOKEN, onboard, describeService } from '../support/service.ts';

describeService('pricing security', (svc) => {
  it('requires a key with pricing:read and never uses another customer’s pricing', async () => {
    const a = await onboard(svc(), 'PricedA');
    const b = await onboard(svc(), 'PricedB');
    const noScope = await onboard(svc(), 'NoScope', ['receipts:read']);
    await svc().admin('PUT', `/v1/admin/customers/${a.id}/pricing`, issueExampleConfig);
    const body = { items: [{ sku: 'seat', quantity: '3' }] };
    expect((await svc().call('POST', '/v1/pricing/calculate', { token: a.token, body })).status).toBe(200);
    expect((await svc().call('POST', '/v1/pricing/calculate', { token: b.token, body })).body.error.code).toBe(
      'TAI-PRICING-NOT-FOUND',
    );
    expect((await svc().call('POST', '/v1/pricing/calculate', { token: noScope.token, body })).body.error.code).toBe(
      'TAI-AUTH-SCOPE',
    );
    expect((await svc().call('POST', '/v1/pricing/calculate', { token: ADMIN_TOKEN, body })).body.error.code).toBe(
      'TAI-AUTH-FORBIDDEN',
    );
    expect((await svc().call('POST', '/v1/pricing/calculate', { token: null, body })).status).toBe(401);
  });
});
