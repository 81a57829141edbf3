/** A key shows only its own customer, and each read names its scope: account:read, pricing:read. */
import { expect, it } from 'vitest';
import { ADMIN_TOKEN, contractBody, describeService, onboard } from '../support/service.ts';

describeService('me security', (svc) => {
  it('answers each key with its own customer only, whatever the other customers hold', async () => {
    const a = await onboard(svc(), 'Alpha');
    const b = await onboard(svc(), 'Beta');
    await svc().admin('PUT', `/v1/admin/customers/${a.id}/contract`, contractBody({ reference: 'ALPHA-SECRET' }));
    expect((await svc().call('GET', '/v1/me', { token: b.token })).body.id).toBe(b.id);
    const contractB = await svc().call('GET', '/v1/me/contract', { token: b.token });
    expect(contractB.status).toBe(404);
    expect(JSON.stringify(contractB.body)).not.toContain('ALPHA');
  });

  it('needs account:read for the record, contract and insurance, and pricing:read for pricing', async () => {
    const pricingOnly = await onboard(svc(), 'PricingOnly', ['pricing:read']);
    for (const path of ['/v1/me', '/v1/me/contract', '/v1/me/insurance']) {
      const r = await svc().call('GET', path, { token: pricingOnly.token });
      expect([path, r.status, r.body.error.code]).toEqual([path, 403, 'TAI-AUTH-SCOPE']);
    }
    const accountOnly = await onboard(svc(), 'AccountOnly', ['account:read']);
    const r = await svc().call('GET', '/v1/me/pricing', { token: accountOnly.token });
    expect([r.status, r.body.error.code]).toEqual([403, 'TAI-AUTH-SCOPE']);
    expect((await svc().call('GET', '/v1/me', { token: ADMIN_TOKEN })).body.error.code).toBe('TAI-AUTH-FORBIDDEN');
  });
});
