/**
 * Insurance is the operator's to change and each customer's to see for itself: a customer key can neither
 * link, check, rotate nor recover, nor read another customer's standing; the audit records each operator act.
 */
import { expect, it } from 'vitest';
import { describeInsured, insuredCustomer } from '../support/insured.ts';

describeInsured('insurance security', (rig) => {
  it('refuses every certificate operation to a customer key, its own customer included', async () => {
    const c = await insuredCustomer(rig(), 'Self-Certifier');
    const forged = rig().sim.createCertificate({ insured: { name: 'Self-Certifier', reference: c.id } });
    const attempts: [string, string, unknown][] = [
      ['PUT', `/v1/admin/customers/${c.id}/insurance`, { certificateId: forged.certificateId }],
      ['POST', `/v1/admin/customers/${c.id}/insurance/rotate`, { certificateId: forged.certificateId }],
      ['POST', `/v1/admin/customers/${c.id}/insurance/check`, undefined],
      ['POST', `/v1/admin/customers/${c.id}/insurance/recover`, undefined],
      ['PUT', '/v1/admin/read-only', { enabled: true, reason: 'not yours' }],
    ];
    for (const [method, path, body] of attempts) {
      const r = await rig().svc.call(method, path, { token: c.token, ...(body === undefined ? {} : { body }) });
      expect([path, r.status, r.body.error.code]).toEqual([path, 403, 'TAI-AUTH-FORBIDDEN']);
    }
    const still = await rig().svc.admin('GET', `/v1/admin/customers/${c.id}/insurance`);
    expect(still.body.certificate.certificateId).toBe(c.certificateId);
    expect((await rig().svc.admin('GET', '/v1/admin/status')).body.system.readOnly).toBe(false);
  });

  it("shows each customer only its own standing, and audits the operator's acts by actor", async () => {
    const a = await insuredCustomer(rig(), 'Insured-A');
    const b = await insuredCustomer(rig(), 'Insured-B');
    const mine = await rig().svc.call('GET', '/v1/me/insurance', { token: b.token });
    expect(mine.body.customerId).toBe(b.id);
    expect(JSON.stringify(mine.body)).not.toContain(a.certificateId);
    await rig().svc.admin('POST', `/v1/admin/customers/${a.id}/insurance/check`);
    const audit = await rig().svc.admin('GET', `/v1/admin/audit?customer=${a.id}&type=certificate.checked`);
    expect(audit.body.items.length).toBeGreaterThan(0);
    expect(audit.body.items.every((e: { type: string }) => e.type === 'certificate.checked')).toBe(true);
  });
});
