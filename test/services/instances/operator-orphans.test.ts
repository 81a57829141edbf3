/**
 * TAI_ORPHANED_DEPLOYMENTS=operator, in virtual database time: an instance dies (stops renewing) while its
 * command deployment runs. When its lease lapses another instance takes the deployment over, stops the
 * command's process group (it must not go on unsupervised, and is never run again) but does not roll it
 * back: it stays running, awaiting an operator, holding its capacity, its working directory kept. Later
 * passes leave it so. The operator then resolves it on this host: rolled back, capacity released,
 * notification sent, working directory removed, ownership dropped.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { asActor } from '../../../src/services/context.ts';
import { resolveDeployment } from '../../../src/services/operations/resolve-deployment.ts';
import { diesPromptly } from '../../support/executor.ts';
import { seedInFlight } from '../../support/orphans.ts';
import { contractBody } from '../../support/service.ts';
import { describePerStore } from '../../support/stores.ts';
import { LEASE_MS, startLeaseRig } from './rig.ts';

describePerStore('orphaned deployments left to an operator', startLeaseRig, (rig) => {
  it('stops the command, keeps the deployment and its capacity for the operator, who rolls it back', async () => {
    const r = rig();
    const { ctx } = r.svc.service;
    const contract = await r.svc.admin('PUT', `/v1/admin/customers/${r.customerId}/contract`, contractBody());
    expect(contract.status).toBe(200);
    const a = await r.start('ins_operator_a', 'operator');
    const b = await r.start('ins_operator_b', 'operator');

    // A runs a command deployment: a real process group, in the deployment's own working directory.
    const id = 'dep_01operatororphan0000000000';
    const workDir = join(r.workRoot, `${id}-run1`);
    mkdirSync(workDir, { recursive: true });
    const command = spawn('sleep', ['120'], { cwd: workDir, detached: true, stdio: 'ignore' });
    command.unref();
    const pid = command.pid;
    if (pid === undefined) throw new Error('sleep did not start');
    await seedInFlight(ctx, r.customerId, {
      id,
      owner: 'ins_operator_a',
      host: 'test-host',
      state: 'running',
      capacityUnits: 60,
      pid,
    });
    const usage = () => ctx.store.read((x) => x.forCustomer(r.customerId).activeDeploymentUsage());
    const deployment = () => ctx.store.read((x) => x.forCustomer(r.customerId).deployment(id));

    // A stops renewing; when its lease lapses B takes the deployment over.
    r.advance(LEASE_MS);
    expect(await b.keeper.tick()).toEqual({ instances: 1, deployments: 1, claims: 0 });
    expect(await diesPromptly(pid, 2_000)).toBe(true);
    expect(await deployment()).toMatchObject({ state: 'running', orphanedAt: expect.any(String) });
    expect((await deployment())?.receipts).toHaveLength(1);
    expect(await usage()).toEqual({ count: 1, capacityUnits: 60 });
    expect(existsSync(workDir)).toBe(true);
    expect(await ctx.store.read((x) => x.ownedWork('deployment', id))).toMatchObject({
      owner: 'ins_operator_b',
      fence: 2,
      host: 'test-host',
    });
    const audit = async () => (await ctx.store.read((x) => x.auditEvents({ limit: 500 }))).map((e) => e.type);
    expect(await audit()).toEqual(expect.arrayContaining(['instance.takeover.deployment', 'deploy.awaiting_operator']));
    expect(await audit()).not.toContain('deploy.rolled_back');
    const rolledBackNotices = async () =>
      (await ctx.store.read((x) => x.pendingNotifications(10_000))).filter((m) => m.type === 'deployment.rolled_back');
    expect(await rolledBackNotices()).toEqual([]);
    // The capacity stays held: the contract's 100 units leave room for 40 more, not 41.
    const customer = await r.svc.admin('POST', `/v1/admin/customers/${r.customerId}/api-keys`, {
      scopes: ['deploy:write', 'deploy:read'],
    });
    const deploy = (capacityUnits: number) =>
      r.svc.call('POST', '/v1/customer/deploy', {
        token: customer.body.secret,
        body: { contractReference: 'MSA-2026-001', target: 'record', capacityUnits, artifact: 'next:1' },
      });
    expect((await deploy(41)).body.error.code).toBe('TAI-DEPLOY-CAPACITY-EXCEEDED');
    const seen = await r.svc.call('GET', `/v1/deployments/${id}`, { token: customer.body.secret });
    expect(seen.body.nextSteps).toMatch(/operator/);

    // Later passes, however many, leave it waiting.
    for (let i = 0; i < 3; i++) {
      r.advance(Math.floor(LEASE_MS / 3));
      expect(await b.keeper.tick()).toEqual({ instances: 0, deployments: 0, claims: 0 });
    }
    expect(await deployment()).toMatchObject({ state: 'running' });

    // The operator resolves it through B (this host): rolled back, everything released.
    const operator = {
      ...asActor(ctx, { kind: 'admin' }),
      operations: { ...ctx.operations, instance: b.keeper.identity },
    };
    const note = 'INC-77: the target shows no change from this rollout';
    const resolved = await resolveDeployment({
      ctx: operator,
      input: { deploymentId: id, outcome: 'rolled_back', note },
    });
    expect(resolved.deployment).toMatchObject({ state: 'rolled_back', outcome: { reason: 'aborted', note } });
    expect(resolved.receipt.body).toMatchObject({ kind: 'deploy_completion', authority: 'advisory' });
    expect(await usage()).toEqual({ count: 0, capacityUnits: 0 });
    expect(existsSync(workDir)).toBe(false);
    expect(await ctx.store.read((x) => x.ownedWork('deployment', id))).toBeUndefined();
    expect(await rolledBackNotices()).toHaveLength(1);
    expect(await audit()).toEqual(expect.arrayContaining(['deploy.rolled_back', 'deploy.resolved']));
    expect((await deploy(100)).status).toBe(201);
    expect(a.lost()).toBe(0);
  });
});
