/** Usage reports: a key sees only its own customer's usage and needs usage:read; the reports by id are admin-only. */
import { expect, it } from 'vitest';
import { ADMIN_TOKEN, describeService, onboard } from '../support/service.ts';

describeService('usage security', (svc) => {
  it("shows each key its own customer's usage only, and needs usage:read", async () => {
    const a = await onboard(svc(), 'UsageAlpha', ['account:read', 'usage:read']);
    const b = await onboard(svc(), 'UsageBeta', ['usage:read']);
    for (let i = 0; i < 4; i++) await svc().call('GET', '/v1/me', { token: a.token });
    await svc().service.usage.flusher.flush();
    const mine = await svc().call('GET', '/v1/me/usage', { token: b.token });
    expect(mine.status).toBe(200);
    expect(mine.body.customerId).toBe(b.id);
    expect(mine.body.kinds.map((k: { kind: string }) => k.kind)).not.toContain('GET /v1/me');
    expect(JSON.stringify(mine.body)).not.toContain(a.id);

    const noScope = await onboard(svc(), 'UsageNoScope', ['account:read']);
    const refused = await svc().call('GET', '/v1/me/usage', { token: noScope.token });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'TAI-AUTH-SCOPE']);
    expect((await svc().call('GET', '/v1/me/usage', { token: ADMIN_TOKEN })).body.error.code).toBe(
      'TAI-AUTH-FORBIDDEN',
    );
  });

  it('keeps the per-customer reports to the operator', async () => {
    const a = await onboard(svc(), 'UsageGamma', ['usage:read', 'account:read']);
    for (const report of ['usage', 'fulfillment', 'fulfillment?format=html']) {
      const asCustomer = await svc().call('GET', `/v1/admin/customers/${a.id}/${report}`, { token: a.token });
      expect([report, asCustomer.status, asCustomer.body.error.code]).toEqual([report, 403, 'TAI-AUTH-FORBIDDEN']);
      const anonymous = await svc().call('GET', `/v1/admin/customers/${a.id}/${report}`, { token: null });
      expect([report, anonymous.status]).toEqual([report, 401]);
    }
  });

  it('does not count requests that did not authenticate as any customer', async () => {
    const a = await onboard(svc(), 'UsageDelta', ['usage:read']);
    await svc().call('GET', '/v1/me', { token: `${a.keyId}.wrong-secret` });
    await svc().call('GET', '/v1/me', { token: null });
    await svc().service.usage.flusher.flush();
    const r = await svc().admin('GET', `/v1/admin/customers/${a.id}/usage`);
    expect(r.body.totals.requests).toBe(0);
  });
});
