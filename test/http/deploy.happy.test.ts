/** Customer deploy over real HTTP with the simulator, on both stores: record and command targets, capacity, removal, a lapse while running. */
import { chmodSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { verifyBundle } from '../../src/domain/receipts/bundle.ts';
import { DAY, insuredCustomer, describeInsured } from '../support/insured.ts';
import { contractBody } from '../support/service.ts';

const SCRIPT = resolve('test/fixtures/executor/hang.sh');
// Before the rig starts: the command executor checks at construction that the file is executable.
chmodSync(SCRIPT, 0o755);
const deploy = (overrides: Record<string, unknown> = {}) => ({
  contractReference: 'MSA-2026-001',
  target: 'record',
  capacityUnits: 10,
  artifact: 'registry.example/app:1.0',
  parameters: { REGION: 'eu-west' },
  ...overrides,
});

describeInsured(
  'deploy',
  (rig) => {
    const settled = () => Promise.allSettled([...rig().svc.service.ctx.operations.background]);
    /** The outbox's messages about one deployment. */
    const notified = async (deploymentId: string) =>
      (await rig().svc.service.ctx.store.read((r) => r.pendingNotifications(10_000))).filter(
        (m) => (m.payload as { facts: { deploymentId?: string } }).facts.deploymentId === deploymentId,
      );

    it('deploys to record at once, contractually, holds capacity until removed, and the log verifies', async () => {
      const c = await insuredCustomer(rig(), 'Deployer');
      const res = await rig().svc.call('POST', '/v1/customer/deploy', { token: c.token, body: deploy() });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ state: 'succeeded' });
      expect(res.body.receipt.body).toMatchObject({
        kind: 'deploy',
        authority: 'contractual',
        insurance: { certificateId: c.certificateId },
      });
      const one = await rig().svc.call('GET', `/v1/deployments/${res.body.deploymentId}`, { token: c.token });
      expect(one.body).toMatchObject({ state: 'succeeded', capacityUnits: 10, receipts: [res.body.receipt.body.id] });
      expect(one.body.nextSteps).toMatch(/DELETE/);
      expect(await notified(res.body.deploymentId)).toEqual([]);
      // The contract allows 3 active deployments and 100 units.
      expect(
        (await rig().svc.call('POST', '/v1/customer/deploy', { token: c.token, body: deploy({ capacityUnits: 91 }) }))
          .body.error.code,
      ).toBe('TAI-DEPLOY-CAPACITY-EXCEEDED');
      const removed = await rig().svc.call('DELETE', `/v1/deployments/${res.body.deploymentId}`, { token: c.token });
      expect(removed.body).toMatchObject({ state: 'removed' });
      expect(removed.body.receipts).toHaveLength(2);
      expect(
        (await rig().svc.call('POST', '/v1/customer/deploy', { token: c.token, body: deploy({ capacityUnits: 100 }) }))
          .status,
      ).toBe(201);
      const list = await rig().svc.call('GET', '/v1/deployments', { token: c.token });
      expect(list.body.items.map((d: { state: string }) => d.state)).toEqual(['removed', 'succeeded']);
      expect(verifyBundle((await rig().svc.call('GET', '/v1/ledger/export', { token: c.token })).body)).toMatchObject({
        ok: true,
      });
    });

    it('never double-reserves under concurrent deploys, and keys make retries safe', async () => {
      const c = await insuredCustomer(rig(), 'Racer');
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          rig().svc.call('POST', '/v1/customer/deploy', { token: c.token, body: deploy({ capacityUnits: 40 }) }),
        ),
      );
      const created = results.filter((r) => r.status === 201);
      expect(created).toHaveLength(2); // 2 x 40 <= 100 < 3 x 40
      expect(
        results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'TAI-DEPLOY-CAPACITY-EXCEEDED'),
      ).toBe(true);
      const headers = { 'idempotency-key': 'deploy-once' };
      const body = deploy({ capacityUnits: 5 });
      const first = await rig().svc.call('POST', '/v1/customer/deploy', { token: c.token, body, headers });
      const retry = await rig().svc.call('POST', '/v1/customer/deploy', { token: c.token, body, headers });
      expect(retry.body.deploymentId).toBe(first.body.deploymentId);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect((await rig().svc.call('GET', '/v1/deployments', { token: c.token })).body.items).toHaveLength(3);
      expect(verifyBundle((await rig().svc.call('GET', '/v1/ledger/export', { token: c.token })).body)).toMatchObject({
        ok: true,
      });
    });

    it('runs a command in the background (202), kills one that hangs at its limit, and frees its capacity', async () => {
      const c = await insuredCustomer(rig(), 'Commander');
      const res = await rig().svc.call('POST', '/v1/customer/deploy', {
        token: c.token,
        body: deploy({ target: 'command', capacityUnits: 50 }),
      });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ state: 'reserved' });
      await settled();
      const done = await rig().svc.call('GET', `/v1/deployments/${res.body.deploymentId}`, { token: c.token });
      expect(done.body).toMatchObject({ state: 'failed', outcome: { status: 'failed', reason: 'timeout' } });
      expect(done.body.receipts).toHaveLength(2);
      expect(await notified(res.body.deploymentId)).toEqual([
        expect.objectContaining({
          type: 'deployment.failed',
          customerId: c.id,
          dedupeKey: `deployment.failed:${res.body.deploymentId}`,
          payload: expect.objectContaining({
            severity: 'warning',
            facts: expect.objectContaining({ reason: 'timeout' }),
          }),
        }),
      ]);
      expect(
        (await rig().svc.call('POST', '/v1/customer/deploy', { token: c.token, body: deploy({ capacityUnits: 100 }) }))
          .status,
      ).toBe(201);
    });

    it('stops a running deployment when insurance is revoked, records it as rolled back, and the customer degrades', async () => {
      const c = await insuredCustomer(rig(), 'Lapser');
      const res = await rig().svc.call('POST', '/v1/customer/deploy', {
        token: c.token,
        body: deploy({ target: 'command' }),
      });
      expect(res.status).toBe(202);
      // Wait for the condition, not for a time: the revocation must find the deployment under way.
      for (;;) {
        const now = await rig().svc.call('GET', `/v1/deployments/${res.body.deploymentId}`, { token: c.token });
        if (now.body.state !== 'reserved') break;
      }
      await rig().scenario('revoked', c.certificateId);
      await rig().svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/check`);
      await settled();
      const d = await rig().svc.call('GET', `/v1/deployments/${res.body.deploymentId}`, { token: c.token });
      expect(d.body.state).toBe('rolled_back');
      expect(d.body.outcome.note).toMatch(/lost the authority/);
      expect(
        (await notified(res.body.deploymentId)).map((m) => [m.type, (m.payload as { severity: string }).severity]),
      ).toEqual([['deployment.failed_insurance', 'critical']]);
      const completion = await rig().svc.call('GET', `/v1/receipts/${d.body.receipts[1]}`, { token: c.token });
      expect(completion.body.receipt.body).toMatchObject({
        kind: 'deploy_completion',
        authority: 'advisory',
        insurance: null,
      });
      const again = await rig().svc.call('POST', '/v1/customer/deploy', { token: c.token, body: deploy() });
      expect([again.status, again.body.error.code]).toEqual([503, 'TAI-READONLY-CUSTOMER']);
    });

    it('refuses a deploy once the contract has ended', async () => {
      const c = await insuredCustomer(rig(), 'Ended');
      await rig().svc.admin(
        'PUT',
        `/v1/admin/customers/${c.id}/contract`,
        contractBody({ reference: 'SHORT-1', startsOn: '2026-01-01', endsOn: '2026-03-05' }),
      );
      await rig().advance(10 * DAY);
      const res = await rig().svc.call('POST', '/v1/customer/deploy', {
        token: c.token,
        body: deploy({ contractReference: 'SHORT-1' }),
      });
      expect([res.status, res.body.error.code]).toEqual([403, 'TAI-MODE-CONTRACT-INACTIVE']);
    });
  },
  { TAI_DEPLOY_COMMAND: SCRIPT, TAI_DEPLOY_TIMEOUT: '300ms' },
);
