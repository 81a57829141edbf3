/**
 * Resolution refuses what it may not decide, with catalog codes and nothing changed: an unknown id, one a
 * live instance runs, one that ended (or was resolved already), a never-started one as succeeded, a bad body.
 */
import { expect, it } from 'vitest';
import { lapsedInstance, seedInFlight } from '../support/orphans.ts';
import { contractBody, describeService, onboard, type TestService } from '../support/service.ts';

const customerWithContract = async (svc: TestService, name: string) => {
  const c = await onboard(svc, name);
  expect((await svc.admin('PUT', `/v1/admin/customers/${c.id}/contract`, contractBody())).status).toBe(200);
  return c;
};

const ROLL_BACK = { outcome: 'rolled_back', note: 'operator decision' };

describeService('admin deployments errors', (svc) => {
  const ctx = () => svc().service.ctx;
  const resolve = (id: string, body: unknown = ROLL_BACK) =>
    svc().admin('POST', `/v1/admin/deployments/${id}/resolve`, body);
  const codeOf = (r: { status: number; body: { error?: { code?: string } } }) => [r.status, r.body.error?.code];
  const stored = (customerId: string, id: string) => ctx().store.read((r) => r.forCustomer(customerId).deployment(id));

  it('answers 404 for an unknown deployment', async () => {
    expect(codeOf(await resolve('dep_00000000000000000000000000'))).toEqual([404, 'TAI-DEPLOYMENT-NOT-FOUND']);
  });

  it('refuses one a live instance runs within its lease, and changes nothing', async () => {
    const c = await customerWithContract(svc(), 'Live');
    const me = svc().service.instance.identity;
    const id = await seedInFlight(ctx(), c.id, { owner: me.id, host: me.host, state: 'running' });
    const before = await stored(c.id, id);
    expect(codeOf(await resolve(id))).toEqual([409, 'TAI-DEPLOYMENT-NOT-ORPHANED']);
    expect(codeOf(await resolve(id, { outcome: 'succeeded', note: 'n' }))).toEqual([
      409,
      'TAI-DEPLOYMENT-NOT-ORPHANED',
    ]);
    expect(await stored(c.id, id)).toEqual(before);
    expect(await ctx().store.read((r) => r.ownedWork('deployment', id))).toMatchObject({ owner: me.id, fence: 1 });
  });

  it('refuses one that ended, and a second resolution of the same deployment', async () => {
    const c = await customerWithContract(svc(), 'Ended');
    const deployed = await svc().call('POST', '/v1/customer/deploy', {
      token: c.token,
      body: { contractReference: 'MSA-2026-001', target: 'record', capacityUnits: 1, artifact: 'done:1' },
    });
    expect(deployed.status).toBe(201);
    expect(codeOf(await resolve(deployed.body.deploymentId))).toEqual([409, 'TAI-DEPLOYMENT-NOT-ACTIVE']);
    const id = await seedInFlight(ctx(), c.id, { owner: 'ins_gone', host: 'elsewhere', state: 'running' });
    expect((await resolve(id)).status).toBe(200);
    expect(codeOf(await resolve(id, { outcome: 'succeeded', note: 'again' }))).toEqual([
      409,
      'TAI-DEPLOYMENT-NOT-ACTIVE',
    ]);
    expect((await stored(c.id, id))?.state).toBe('rolled_back');
  });

  it('refuses a never-started (reserved) orphan as succeeded, then rolls it back', async () => {
    const c = await customerWithContract(svc(), 'Reserved');
    await lapsedInstance(ctx().store, 'ins_lapsed_reserved', 'elsewhere', 1_000);
    const id = await seedInFlight(ctx(), c.id, { owner: 'ins_lapsed_reserved', host: 'elsewhere', state: 'reserved' });
    const refused = await resolve(id, { outcome: 'succeeded', note: 'it ran, trust me' });
    expect(codeOf(refused)).toEqual([409, 'TAI-DEPLOYMENT-NOT-ACTIVE']);
    expect(await stored(c.id, id)).toMatchObject({ state: 'reserved', orphanedAt: null });
    expect((await resolve(id)).body.deployment).toMatchObject({ state: 'rolled_back' });
  });

  it('refuses a bad body before looking the deployment up', async () => {
    const id = 'dep_00000000000000000000000000';
    for (const body of [
      {},
      { outcome: 'rolled_back' },
      { outcome: 'rolled_back', note: '' },
      { outcome: 'rolled_back', note: 'x'.repeat(501) },
      { outcome: 'failed', note: 'n' },
      { outcome: 'rolled_back', note: 'n', extra: true },
    ]) {
      expect([JSON.stringify(body), ...codeOf(await resolve(id, body))]).toEqual([
        JSON.stringify(body),
        400,
        'TAI-REQ-VALIDATION',
      ]);
    }
    const badId = await svc().admin('POST', '/v1/admin/deployments/not-a-deployment/resolve', ROLL_BACK);
    expect(codeOf(badId)).toEqual([400, 'TAI-REQ-VALIDATION']);
  });
});
