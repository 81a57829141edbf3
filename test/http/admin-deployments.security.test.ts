/** Only the admin token resolves a deployment: anonymous callers and customer keys (whatever their scopes) are refused, and nothing changes. */
import { expect, it } from 'vitest';
import { SCOPES } from '../../src/domain/customer/types.ts';
import { seedInFlight } from '../support/orphans.ts';
import { contractBody, describeService, onboard } from '../support/service.ts';

describeService('admin deployments security', (svc) => {
  it('refuses anonymous callers and customer keys, even on their own orphaned deployment', async () => {
    const c = await onboard(svc(), 'NotAdmin', [...SCOPES]);
    expect((await svc().admin('PUT', `/v1/admin/customers/${c.id}/contract`, contractBody())).status).toBe(200);
    const ctx = svc().service.ctx;
    const id = await seedInFlight(ctx, c.id, { owner: 'ins_gone', host: 'elsewhere', state: 'running' });
    const path = `/v1/admin/deployments/${id}/resolve`;
    const body = { outcome: 'succeeded', note: 'self-service' };
    const anonymous = await svc().call('POST', path, { token: null, body });
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'TAI-AUTH-MISSING']);
    const customer = await svc().call('POST', path, { token: c.token, body });
    expect([customer.status, customer.body.error.code]).toEqual([403, 'TAI-AUTH-FORBIDDEN']);
    expect(await ctx.store.read((r) => r.forCustomer(c.id).deployment(id))).toMatchObject({
      state: 'running',
      orphanedAt: null,
    });
    expect(await ctx.store.read((r) => r.ownedWork('deployment', id))).toMatchObject({ owner: 'ins_gone', fence: 1 });
  });
});
