/** The customer's own view: its record, contract, pricing and insurance standing, through its key. */
import { expect, it } from 'vitest';
import { contractBody, describeService, onboard } from '../support/service.ts';
import { issueExampleConfig } from '../fixtures/pricing/issue-example.ts';

describeService('me', (svc) => {
  it('shows the key holder its own record, contract, pricing versions and insurance standing', async () => {
    const c = await onboard(svc(), 'Selfie');
    await svc().admin('PUT', `/v1/admin/customers/${c.id}/contract`, contractBody());
    await svc().admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig);
    const me = await svc().call('GET', '/v1/me', { token: c.token });
    expect(me.body).toMatchObject({ id: c.id, name: 'Selfie', mode: 'pilot' });
    const contract = await svc().call('GET', '/v1/me/contract', { token: c.token });
    expect(contract.body.document.reference).toBe(contractBody().reference);
    const pricing = await svc().call('GET', '/v1/me/pricing', { token: c.token });
    expect(pricing.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    const insurance = await svc().call('GET', '/v1/me/insurance', { token: c.token });
    expect(insurance.body).toMatchObject({ customerId: c.id, writable: false, readOnlyReason: 'no_certificate' });
  });
});
