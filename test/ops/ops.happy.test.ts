/** The ops dashboard's pages over HTTP (fastify inject), on both stores. */
import { expect, it } from 'vitest';
import { describeInsured, insuredCustomer } from '../support/insured.ts';
import { flat, signInOps } from './session.ts';

describeInsured('ops dashboard pages', (rig) => {
  it('shows the overview: mode, states, expiries, insurer calls against the limit, outbox, customers', async () => {
    const c = await insuredCustomer(rig(), 'AcmeOverview', 5);
    const ops = await signInOps(rig().svc.service.app);
    const res = await ops.get('/ops');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(flat(res.body)).toContain('<div class="big ok">Normal</div>');
    expect(flat(res.body)).toMatch(/data-state="expiring">1</);
    expect(flat(res.body)).toMatch(/data-within="30">1</);
    expect(flat(res.body)).toMatch(/data-within="7">1</);
    expect(flat(res.body)).toMatch(/data-within="1">0</);
    expect(flat(res.body)).toMatch(/id="insurer-calls">[1-9]\d* of \d+ allowed/);
    expect(flat(res.body)).toContain('id="breaker">closed<');
    expect(flat(res.body)).toContain(`href="/ops/customers/${c.id}"`);
    expect(flat(res.body)).toContain('AcmeOverview');
  });

  it('shows a customer: standing, timeline, receipts, checkpoint; check now and recover act through forms', async () => {
    const c = await insuredCustomer(rig(), 'AcmeDetail');
    const app = rig().svc.service.app;
    const ops = await signInOps(app);
    const page = await ops.get(`/ops/customers/${c.id}`);
    expect(page.statusCode).toBe(200);
    expect(flat(page.body)).toContain('id="state">active<');
    expect(flat(page.body)).toContain('certificate.linked');
    expect(flat(page.body)).toMatch(/<table id="certificate-receipts">.*rcpt_/s);
    expect(flat(page.body)).toContain('id="checkpoint"');

    await rig().scenario('revoked', c.certificateId);
    const csrf = await ops.csrf();
    const checked = await ops.post(`/ops/customers/${c.id}/check`, { csrf });
    expect([checked.statusCode, checked.headers['location']]).toEqual([303, `/ops/customers/${c.id}?done=checked`]);
    const after = await ops.get(`/ops/customers/${c.id}?done=checked`);
    expect(flat(after.body)).toContain('id="read-only-reason">revoked<');
    expect(flat(after.body)).toContain('certificate.degraded');
    expect(flat((await ops.get('/ops')).body)).toContain('1 read-only');

    // Recovering too early is the verb's refusal, shown as a page with its code.
    const early = await ops.post(`/ops/customers/${c.id}/recover`, { csrf });
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('TAI-CERT-');
  });

  it('searches the audit trail page by page and lists deployments across customers', async () => {
    const c = await insuredCustomer(rig(), 'AcmeAudit');
    const ops = await signInOps(rig().svc.service.app);
    const all = await ops.get(`/ops/audit?customer=${c.id}`);
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('certificate.linked');
    const typed = await ops.get('/ops/audit?type=ops.sign_in&outcome=success');
    expect(typed.body).toContain('ops.sign_in');
    expect(typed.body).not.toContain('certificate.linked');
    const other = await insuredCustomer(rig(), 'AcmeOther');
    const deploy = async (token: string) => {
      const res = await rig().svc.call('POST', '/v1/customer/deploy', {
        token,
        body: {
          contractReference: 'MSA-2026-001',
          target: 'record',
          capacityUnits: 10,
          artifact: 'app:1',
          parameters: {},
        },
      });
      expect(res.status).toBe(201);
      return res.body.deploymentId as string;
    };
    const first = await deploy(c.token);
    const second = await deploy(other.token);
    const deployments = await ops.get('/ops/deployments');
    expect(deployments.statusCode).toBe(200);
    // Across customers, newest first.
    const shown = [...deployments.body.matchAll(/<code>(dep_[0-9a-z]{26})<\/code>/g)].map((m) => m[1]);
    expect(shown.indexOf(second)).toBeGreaterThanOrEqual(0);
    expect(shown.indexOf(second)).toBeLessThan(shown.indexOf(first));
    expect(deployments.body).toContain(`href="/ops/customers/${other.id}"`);
    const older = await ops.get(`/ops/deployments?after=${second}`);
    expect(older.body).toContain(first);
    expect(older.body).not.toContain(second);
    expect((await ops.get(`/ops/customers/${c.id}`)).body).toContain(first);
  });
});
