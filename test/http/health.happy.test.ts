/** GET /health: up without credentials; with deep=true, every dependency check and its detail. */
import { expect, it } from 'vitest';
import { describeService } from '../support/service.ts';

describeService('health', (svc) => {
  it('says the process is up, and with deep=true reports the store, the certificate manager and the insurer', async () => {
    const shallow = await svc().call('GET', '/health', { token: null });
    expect([shallow.status, shallow.body]).toEqual([200, { status: 'ok', checks: {} }]);
    const deep = await svc().call('GET', '/health?deep=true');
    expect(deep.status).toBe(200);
    expect(Object.keys(deep.body.checks).sort()).toEqual(['certificate-manager', 'insurer', 'store']);
    expect(deep.body.checks.store).toMatchObject({ status: 'ok', detail: expect.stringMatching(/schema v\d+/) });
  });
});
