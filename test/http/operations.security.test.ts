/** Scopes and tenancy on the contractual operations: customer A can never act on, or see, B's. */
import { expect, it } from 'vitest';
import { insuredCustomer, describeInsured } from '../support/insured.ts';
import { ADMIN_TOKEN, onboard } from '../support/service.ts';

describeInsured('operations security', (rig) => {
  it("refuses customer A naming B's contract, and hides B's deployments from A", async () => {
    const a = await insuredCustomer(rig(), 'Alpha');
    const b = await insuredCustomer(rig(), 'Beta');
    await rig().svc.admin('PUT', `/v1/admin/customers/${b.id}/contract`, {
      reference: 'BETA-ONLY',
      startsOn: '2026-01-01',
      endsOn: '2027-12-31',
      currency: 'USD',
      monthlyFee: '1.00',
      features: ['deploy'],
      limits: { maxActiveDeployments: 3, capacityUnits: 100 },
      cancellationTerms: 'x',
      signature: { signedBy: 'B', signedAt: '2026-01-01T00:00:00Z' },
    });
    const body = { contractReference: 'BETA-ONLY', target: 'record', capacityUnits: 1, artifact: 'x' };
    const res = await rig().svc.call('POST', '/v1/customer/deploy', { token: a.token, body });
    expect([res.status, res.body.error.code]).toEqual([403, 'TAI-DEPLOY-CONTRACT-MISMATCH']);
    const mine = await rig().svc.call('POST', '/v1/customer/deploy', { token: b.token, body });
    expect(mine.status).toBe(201);
    expect(
      (await rig().svc.call('GET', `/v1/deployments/${mine.body.deploymentId}`, { token: a.token })).body.error.code,
    ).toBe('TAI-DEPLOYMENT-NOT-FOUND');
    expect(
      (await rig().svc.call('DELETE', `/v1/deployments/${mine.body.deploymentId}`, { token: a.token })).body.error.code,
    ).toBe('TAI-DEPLOYMENT-NOT-FOUND');
    expect((await rig().svc.call('GET', '/v1/deployments', { token: a.token })).body.items).toEqual([]);
  });

  it('requires marketplace:publish and deploy:write, and customer keys', async () => {
    const reader = await onboard(rig().svc, 'Reader', ['pricing:read', 'receipts:read'], 'pilot');
    const publish = await rig().svc.call('POST', '/v1/marketplace/publish', {
      token: reader.token,
      body: { segment: 's', visibility: 'public' },
    });
    expect(publish.body.error.code).toBe('TAI-AUTH-SCOPE');
    const deploy = await rig().svc.call('POST', '/v1/customer/deploy', {
      token: reader.token,
      body: { contractReference: 'x', target: 'record', capacityUnits: 1, artifact: 'x' },
    });
    expect(deploy.body.error.code).toBe('TAI-AUTH-SCOPE');
    expect(
      (
        await rig().svc.call('POST', '/v1/marketplace/publish', {
          token: ADMIN_TOKEN,
          body: { segment: 's', visibility: 'public' },
        })
      ).body.error.code,
    ).toBe('TAI-AUTH-FORBIDDEN');
    expect((await rig().svc.call('GET', '/v1/marketplace/catalog', { token: null })).status).toBe(200);
  });
});
