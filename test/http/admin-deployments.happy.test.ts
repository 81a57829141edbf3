/**
 * An operator resolves orphaned deployments over real HTTP, on both stores: one awaiting an operator is
 * rolled back (receipt, notification, capacity released, ownership dropped), and one whose owner's lease
 * lapsed is recorded succeeded under the operator's note (capacity still held, as any success holds it).
 * Each resolution is audited with the admin actor and the note.
 */
import { expect, it } from 'vitest';
import { contractBody, describeService, onboard, type TestService } from '../support/service.ts';
import { lapsedInstance, seedInFlight } from '../support/orphans.ts';

const customerWithContract = async (svc: TestService, name: string) => {
  const c = await onboard(svc, name);
  const contract = await svc.admin('PUT', `/v1/admin/customers/${c.id}/contract`, contractBody());
  expect(contract.status).toBe(200);
  return c;
};

describeService('admin deployments', (svc) => {
  const ctx = () => svc().service.ctx;
  const usage = (customerId: string) => ctx().store.read((r) => r.forCustomer(customerId).activeDeploymentUsage());
  const audited = async (type: string) =>
    (await ctx().store.read((r) => r.auditEvents({ limit: 500 })))
      .filter((e) => e.type === type)
      .map((e) => ({ ...e, details: JSON.parse(e.details) as Record<string, unknown> }));

  it('rolls back a deployment that awaits an operator: receipt, notification, capacity released', async () => {
    const c = await customerWithContract(svc(), 'Awaiting');
    const id = await seedInFlight(ctx(), c.id, {
      owner: 'ins_gone',
      host: 'elsewhere',
      state: 'running',
      capacityUnits: 30,
      awaiting: true,
    });
    expect(await usage(c.id)).toEqual({ count: 1, capacityUnits: 30 });
    const seen = await svc().call('GET', `/v1/deployments/${id}`, { token: c.token });
    expect(seen.body).toMatchObject({ state: 'running' });
    expect(seen.body.nextSteps).toMatch(/operator/);

    const note = 'INC-2291: checked the target by hand, nothing was applied';
    const r = await svc().admin('POST', `/v1/admin/deployments/${id}/resolve`, { outcome: 'rolled_back', note });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.deployment).toMatchObject({
      id,
      customerId: c.id,
      state: 'rolled_back',
      outcome: { status: 'failed', reason: 'aborted', note },
    });
    expect(r.body.deployment.orphanedAt).toEqual(expect.any(String));
    expect(r.body.deployment.receipts).toHaveLength(2);
    // Advisory: nothing was committed as done under the contract.
    expect(r.body.receipt.body).toMatchObject({
      id: r.body.deployment.receipts[1],
      kind: 'deploy_completion',
      authority: 'advisory',
      disclaimer: expect.stringMatching(/rolled back/),
    });
    expect(await usage(c.id)).toEqual({ count: 0, capacityUnits: 0 });
    expect(await ctx().store.read((x) => x.ownedWork('deployment', id))).toBeUndefined();
    const outbox = await ctx().store.read((x) => x.pendingNotifications(10_000));
    expect(
      outbox.filter(
        (m) =>
          m.type === 'deployment.rolled_back' &&
          (m.payload as { facts: { deploymentId?: string } }).facts.deploymentId === id,
      ),
    ).toHaveLength(1);
    const resolved = (await audited('deploy.resolved')).filter((e) => e.details['deploymentId'] === id);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ actor: 'admin', details: { requested: 'rolled_back', note } });
    expect((await audited('deploy.rolled_back')).some((e) => e.actor === 'admin')).toBe(true);
    // The customer sees it ended; the receipt verifies in its log.
    const after = await svc().call('GET', `/v1/deployments/${id}`, { token: c.token });
    expect(after.body).toMatchObject({ state: 'rolled_back' });
  });

  it('records as succeeded one whose owner lapsed, taking it over: the success holds its capacity', async () => {
    const c = await customerWithContract(svc(), 'Lapsed');
    await lapsedInstance(ctx().store, 'ins_lapsed_owner', 'elsewhere', 5_000);
    const id = await seedInFlight(ctx(), c.id, {
      owner: 'ins_lapsed_owner',
      host: 'elsewhere',
      state: 'running',
      capacityUnits: 20,
    });
    const note = 'the rollout finished before the instance died: verified in the target’s own log';
    const r = await svc().admin('POST', `/v1/admin/deployments/${id}/resolve`, { outcome: 'succeeded', note });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.deployment).toMatchObject({ state: 'succeeded', outcome: { status: 'succeeded', note } });
    expect(r.body.deployment.nextSteps).toMatch(/DELETE/);
    expect(r.body.receipt.body).toMatchObject({ id: r.body.deployment.receipts[1], kind: 'deploy_completion' });
    expect(await usage(c.id)).toEqual({ count: 1, capacityUnits: 20 });
    expect(await ctx().store.read((x) => x.ownedWork('deployment', id))).toBeUndefined();
    const takeovers = (await audited('instance.takeover.deployment')).filter((e) => e.details['id'] === id);
    expect(takeovers).toHaveLength(1);
    expect(takeovers[0]?.details).toMatchObject({ from: 'ins_lapsed_owner', resolvedBy: 'admin' });
    const resolved = (await audited('deploy.resolved')).filter((e) => e.details['deploymentId'] === id);
    expect(resolved[0]).toMatchObject({
      actor: 'admin',
      details: { requested: 'succeeded', state: 'succeeded', note },
    });
    // From here it is an ordinary succeeded deployment: the customer removes it and frees the capacity.
    const removed = await svc().call('DELETE', `/v1/deployments/${id}`, { token: c.token });
    expect(removed.body).toMatchObject({ state: 'removed' });
    expect(await usage(c.id)).toEqual({ count: 0, capacityUnits: 0 });
  });
});
