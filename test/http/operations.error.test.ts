/** Every pre-flight failure of publish and deploy, each with its own code, changing nothing. */
import { expect, it } from 'vitest';
import { issueExampleConfig } from '../fixtures/pricing/issue-example.ts';
import { insuredCustomer, describeInsured, startInsuredRig } from '../support/insured.ts';
import { contractBody, onboard } from '../support/service.ts';

const publish = { segment: 'smb', visibility: 'public' };
const deploy = (o: Record<string, unknown> = {}) => ({
  contractReference: 'MSA-2026-001',
  target: 'record',
  capacityUnits: 1,
  artifact: 'a',
  ...o,
});

describeInsured('publish and deploy pre-flight', (rig, fixture) => {
  const post = (token: string, path: string, body: unknown) => rig().svc.call('POST', path, { token, body });
  const codeOf = async (token: string, path: string, body: unknown) => {
    const r = await post(token, path, body);
    return [r.status, r.body.error?.code];
  };

  it('publish: read-only, contract missing or without publish, prod without insurance, unknown version, bad body', async () => {
    const noContract = await onboard(rig().svc, 'NoContract', undefined, 'pilot');
    await rig().svc.admin('PUT', `/v1/admin/customers/${noContract.id}/pricing`, issueExampleConfig);
    expect(await codeOf(noContract.token, '/v1/marketplace/publish', publish)).toEqual([
      403,
      'TAI-MODE-CONTRACT-REQUIRED',
    ]);

    await rig().svc.admin(
      'PUT',
      `/v1/admin/customers/${noContract.id}/contract`,
      contractBody({ features: ['deploy'] }),
    );
    expect(await codeOf(noContract.token, '/v1/marketplace/publish', publish)).toEqual([
      403,
      'TAI-MODE-CONTRACT-EXCLUDES',
    ]);

    const uninsured = await onboard(rig().svc, 'Uninsured', undefined, 'prod');
    await rig().svc.admin('PUT', `/v1/admin/customers/${uninsured.id}/contract`, contractBody());
    await rig().svc.admin('PUT', `/v1/admin/customers/${uninsured.id}/pricing`, issueExampleConfig);
    expect(await codeOf(uninsured.token, '/v1/marketplace/publish', publish)).toEqual([
      403,
      'TAI-MODE-INSURANCE-REQUIRED',
    ]);

    const c = await insuredCustomer(rig(), 'Versions');
    expect(await codeOf(c.token, '/v1/marketplace/publish', publish)).toEqual([404, 'TAI-PRICING-NOT-FOUND']);
    await rig().svc.admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig);
    expect(await codeOf(c.token, '/v1/marketplace/publish', { ...publish, pricingVersion: 9 })).toEqual([
      404,
      'TAI-PRICING-VERSION-NOT-FOUND',
    ]);
    expect(await codeOf(c.token, '/v1/marketplace/publish', { ...publish, visibility: 'everyone' })).toEqual([
      400,
      'TAI-REQ-VALIDATION',
    ]);
    const badKey = await rig().svc.call('POST', '/v1/marketplace/publish', {
      token: c.token,
      body: publish,
      headers: { 'idempotency-key': 'has space' },
    });
    expect(badKey.body.error.code).toBe('TAI-IDEMPOTENCY-KEY-INVALID');

    await rig().svc.admin('PUT', '/v1/admin/read-only', { enabled: true, reason: 'maintenance' });
    expect(await codeOf(c.token, '/v1/marketplace/publish', publish)).toEqual([503, 'TAI-READONLY-SYSTEM']);
    await rig().svc.admin('PUT', '/v1/admin/read-only', { enabled: false, reason: 'done' });
    for (const who of [noContract, uninsured, c]) {
      expect((await rig().svc.call('GET', '/v1/marketplace/listings', { token: who.token })).body.items).toEqual([]);
    }
    const denied = await rig().svc.admin('GET', '/v1/admin/audit?type=publish.attempt&outcome=denied&limit=100');
    expect(denied.body.items.length).toBeGreaterThanOrEqual(6);
  });

  it('deploy: contract mismatch, unknown or disallowed target, limits, invalid parameters, eval', async () => {
    const c = await insuredCustomer(rig(), 'Limits');
    await rig().svc.admin(
      'PUT',
      `/v1/admin/customers/${c.id}/contract`,
      contractBody({ limits: { maxActiveDeployments: 1, capacityUnits: 5, allowedTargets: ['record'] } }),
    );
    expect(await codeOf(c.token, '/v1/customer/deploy', deploy({ contractReference: 'OTHER-1' }))).toEqual([
      403,
      'TAI-DEPLOY-CONTRACT-MISMATCH',
    ]);
    expect(await codeOf(c.token, '/v1/customer/deploy', deploy({ target: 'kubernetes' }))).toEqual([
      422,
      'TAI-DEPLOY-TARGET-UNKNOWN',
    ]);
    expect(await codeOf(c.token, '/v1/customer/deploy', deploy({ capacityUnits: 6 }))).toEqual([
      409,
      'TAI-DEPLOY-CAPACITY-EXCEEDED',
    ]);
    expect(await codeOf(c.token, '/v1/customer/deploy', deploy({ parameters: { region: 'x' } }))).toEqual([
      422,
      'TAI-DEPLOY-SPEC-INVALID',
    ]);
    expect((await post(c.token, '/v1/customer/deploy', deploy())).status).toBe(201);
    expect(await codeOf(c.token, '/v1/customer/deploy', deploy())).toEqual([409, 'TAI-DEPLOY-MAX-ACTIVE']);
    const bad = await rig().svc.call('DELETE', '/v1/deployments/dep_00000000000000000000000000', { token: c.token });
    expect(bad.body.error.code).toBe('TAI-DEPLOYMENT-NOT-FOUND');

    const evalC = await onboard(rig().svc, 'EvalDeployer', undefined, 'eval');
    const refused = await post(evalC.token, '/v1/customer/deploy', deploy());
    expect([refused.status, refused.body.error.code]).toEqual([403, 'TAI-MODE-EVAL']);
    expect(refused.body.error.receiptId).toMatch(/^rcpt_/);
  });

  it('an eval-only installation never acts contractually, whatever the customer mode', async () => {
    const capped = await startInsuredRig(await fixture.open(), { TAI_MAX_MODE: 'eval' });
    try {
      const c = await insuredCustomer(capped, 'Capped');
      await capped.svc.admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig);
      const res = await capped.svc.call('POST', '/v1/marketplace/publish', { token: c.token, body: publish });
      expect([res.status, res.body.error.code]).toEqual([403, 'TAI-MODE-EVAL']);
      const receipt = await capped.svc.call('GET', `/v1/receipts/${res.body.error.receiptId}`, { token: c.token });
      expect(receipt.body.receipt.body).toMatchObject({ mode: 'eval', authority: 'advisory' });
    } finally {
      await capped.close();
    }
  });
});
