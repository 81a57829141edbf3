/** Degradation over real HTTP: an insurer gone past the grace, an operator's read-only switch, bad requests. */
import { expect, it } from 'vitest';
import { issueExampleConfig, typicalRequest } from '../fixtures/pricing/issue-example.ts';
import { DAY, insuredCustomer, describeInsured } from '../support/insured.ts';
import { onboard } from '../support/service.ts';

describeInsured('degradation', (rig) => {
  it('an operator forces the whole system read-only: writes refused with a banner, reads kept, then lifted', async () => {
    const c = await insuredCustomer(rig(), 'Forced');
    await rig().svc.admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig);
    const on = await rig().svc.admin('PUT', '/v1/admin/read-only', { enabled: true, reason: 'incident 42' });
    expect(on.status).toBe(200);
    expect(on.headers.get('tai-read-only')).toBe('system; reason=incident 42');
    const write = await rig().svc.admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig);
    expect([write.status, write.body.error.code, write.body.banner?.scope]).toEqual([
      503,
      'TAI-READONLY-SYSTEM',
      'system',
    ]);
    const quote = await rig().svc.call('POST', '/v1/pricing/calculate', { token: c.token, body: typicalRequest });
    expect(quote.status).toBe(200);
    expect(quote.body.banner).toMatchObject({ scope: 'system', reason: 'incident 42' });
    const status = await rig().svc.admin('GET', '/v1/admin/status');
    expect(status.body.system).toMatchObject({ readOnly: true, cause: 'operator', reason: 'incident 42' });
    expect((await rig().svc.call('GET', '/health?deep=true')).status).toBe(503);
    await rig().svc.admin('PUT', '/v1/admin/read-only', { enabled: false, reason: 'resolved' });
    expect((await rig().svc.admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig)).status).toBe(201);
    expect((await rig().svc.call('GET', '/health?deep=true')).status).toBe(200);
  });

  it('keeps the last verified certificate usable while the insurer is down, until the grace runs out for everyone', async () => {
    const c = await insuredCustomer(rig(), 'Outage');
    await rig().scenario('down');
    try {
      await rig().advance(6 * DAY);
      const within = await rig().svc.admin('GET', `/v1/admin/customers/${c.id}/insurance`);
      expect(within.body.writable).toBe(true);
      expect(within.body.consecutiveFailures).toBeGreaterThan(0);
      await rig().advance(2 * DAY);
      const beyond = await rig().svc.admin('GET', `/v1/admin/customers/${c.id}/insurance`);
      expect(beyond.body).toMatchObject({ writable: false, readOnlyReason: 'unverifiable_beyond_grace' });
      const status = await rig().svc.admin('GET', '/v1/admin/status');
      expect(status.body.system).toMatchObject({ readOnly: true, cause: 'insurer_unreachable' });
    } finally {
      await rig().scenario('healthy');
    }
    // The insurer is back: good checks, then the operator's verification, resume writes.
    await rig().advance(DAY);
    for (const customer of (await rig().svc.admin('GET', '/v1/admin/status')).body.customers) {
      if (customer.insurance.readOnlyReason === 'awaiting_operator') {
        await rig().svc.admin('POST', `/v1/admin/customers/${customer.id}/insurance/recover`);
      }
    }
    const back = await rig().svc.admin('GET', `/v1/admin/customers/${c.id}/insurance`);
    expect(back.body).toMatchObject({ writable: true });
    expect((await rig().svc.admin('GET', '/v1/admin/status')).body.system.readOnly).toBe(false);
  });

  it('answers bad lifecycle requests with stable codes', async () => {
    const plain = await onboard(rig().svc, 'Unlinked');
    expect((await rig().svc.admin('POST', `/v1/admin/customers/${plain.id}/insurance/check`)).body.error.code).toBe(
      'TAI-CERT-NOT-LINKED',
    );
    expect((await rig().svc.admin('POST', `/v1/admin/customers/${plain.id}/insurance/recover`)).body.error.code).toBe(
      'TAI-CERT-NOT-DEGRADED',
    );
    const unknown = await rig().svc.admin('PUT', `/v1/admin/customers/${plain.id}/insurance`, {
      certificateId: 'cert_does_not_exist',
    });
    expect(unknown.body.state).toBe('verifying');
    expect(unknown.body.writable).toBe(false);
    expect((await rig().svc.admin('PUT', '/v1/admin/read-only', { enabled: true })).body.error.code).toBe(
      'TAI-REQ-VALIDATION',
    );
    expect((await rig().svc.call('GET', '/v1/admin/status', { token: plain.token })).body.error.code).toBe(
      'TAI-AUTH-FORBIDDEN',
    );
    expect((await rig().svc.call('GET', '/v1/me/insurance', { token: plain.token })).body.state).toBe('verifying');
  });
});
