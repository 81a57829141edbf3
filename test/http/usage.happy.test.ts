/**
 * Usage and fulfillment reports over real HTTP, on both stores, in virtual time: usage counted on the
 * request path and flushed, and a month with a revocation reported as read-only days.
 */
import { expect, it } from 'vitest';
import { issueExampleConfig } from '../fixtures/pricing/issue-example.ts';
import { DAY, describeInsured, insuredCustomer } from '../support/insured.ts';

describeInsured('usage and fulfillment reports', (rig) => {
  it("reports a customer's operations per kind per day, errors and latency, to itself and to the operator", async () => {
    const c = await insuredCustomer(rig(), 'Metered');
    const key = await rig().svc.admin('POST', `/v1/admin/customers/${c.id}/api-keys`, {
      scopes: ['account:read', 'usage:read'],
    });
    const token = key.body.secret as string;
    for (let i = 0; i < 3; i++) expect((await rig().svc.call('GET', '/v1/me', { token })).status).toBe(200);
    expect((await rig().svc.call('GET', '/v1/me/pricing', { token })).status).toBe(403);
    await rig().svc.service.usage.flusher.flush();

    const day = new Date(rig().clock.now()).toISOString().slice(0, 10);
    const next = new Date(rig().clock.now() + DAY).toISOString().slice(0, 10);
    const mine = await rig().svc.call('GET', `/v1/me/usage?from=${day}&to=${next}`, { token });
    expect(mine.status).toBe(200);
    const me = mine.body.kinds.find((k: { kind: string }) => k.kind === 'GET /v1/me');
    expect(me).toMatchObject({ requests: 3, clientErrors: 0, serverErrors: 0, errorRate: 0 });
    expect(me.latencyMs.p50).toBeGreaterThan(0);
    expect(me.latencyMs.p99).toBeGreaterThanOrEqual(me.latencyMs.p50);
    expect(mine.body.kinds.find((k: { kind: string }) => k.kind === 'GET /v1/me/pricing')).toMatchObject({
      requests: 1,
      clientErrors: 1,
      errorRate: 1,
    });
    expect(mine.body.days).toHaveLength(1);
    expect(mine.body.days[0].day).toBe(day);
    expect(mine.body.latencyResolution).toContain('sqrt(2)');

    await rig().svc.service.usage.flusher.flush();
    const admin = await rig().svc.admin('GET', `/v1/admin/customers/${c.id}/usage?from=${day}&to=${next}`);
    expect(admin.status).toBe(200);
    // The customer's own report request is counted too, once flushed.
    expect(admin.body.kinds.map((k: { kind: string }) => k.kind)).toContain('GET /v1/me/usage');
    expect(admin.body.adoption.features).toContainEqual(
      expect.objectContaining({ feature: 'publish', contracted: true, operations: 0 }),
    );
    // Admin requests are not a customer's usage.
    expect(admin.body.kinds.map((k: { kind: string }) => k.kind)).not.toContain('GET /v1/admin/customers/{id}/usage');
  });

  it('reports delivery, peak usage against limits, read-only days and which terms were met', async () => {
    const c = await insuredCustomer(rig(), 'Fulfilled');
    const start = rig().clock.now();
    const from = new Date(start).toISOString().slice(0, 10);
    expect((await rig().svc.admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig)).status).toBe(201);
    const quote = await rig().svc.call('POST', '/v1/pricing/calculate', {
      token: c.token,
      body: { items: [{ sku: 'platform', quantity: '1' }], receipt: true },
    });
    expect(quote.status).toBe(200);
    const published = await rig().svc.call('POST', '/v1/marketplace/publish', {
      token: c.token,
      body: { segment: 'smb', visibility: 'public' },
    });
    expect(published.status).toBe(201);
    const deployed = await rig().svc.call('POST', '/v1/customer/deploy', {
      token: c.token,
      body: { contractReference: 'MSA-2026-001', target: 'record', capacityUnits: 10, artifact: 'reg.example/a:1' },
    });
    expect(deployed.status).toBe(201);

    // A day later the certificate is revoked; two days and three hours after that a new one is verified and
    // the operator recovers: days 1, 2 and 3 were read-only (each for some part of it), 0 and 4 insured.
    await rig().advance(DAY);
    await rig().scenario('revoked', c.certificateId);
    await rig().svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/check`);
    await rig().advance(2 * DAY + 3 * 3_600_000);
    const fresh = rig().sim.createCertificate({
      insured: { name: 'Fulfilled', reference: c.id },
      effectiveFrom: new Date(rig().clock.now() - DAY).toISOString(),
      expiresAt: new Date(rig().clock.now() + 365 * DAY).toISOString(),
    });
    await rig().svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/rotate`, {
      certificateId: fresh.certificateId,
    });
    for (let i = 0; i < 5; i++) await rig().svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/check`);
    const recovered = await rig().svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/recover`);
    expect(recovered.body).toMatchObject({ writable: true });
    await rig().advance(DAY);

    const day = (n: number) => new Date(start + n * DAY).toISOString().slice(0, 10);
    const r = await rig().svc.admin('GET', `/v1/admin/customers/${c.id}/fulfillment?from=${from}&to=${day(5)}`);
    expect(r.status).toBe(200);
    expect(r.body.delivered).toEqual({ quotes: 1, publishes: 1, deploys: 1 });
    expect(r.body.limits).toEqual([
      { limit: 'capacityUnits', allowed: 100, peak: 10, current: 10 },
      { limit: 'maxActiveDeployments', allowed: 3, peak: 1, current: 1 },
    ]);
    expect(r.body.features).toEqual([
      { feature: 'deploy', contracted: true, used: true },
      { feature: 'publish', contracted: true, used: true },
    ]);
    expect(r.body.insurance.readOnlyDays).toEqual([day(1), day(2), day(3)]);
    expect(r.body.insurance).toMatchObject({ insured: 2, readOnly: 3, uninsured: 0 });
    const status = Object.fromEntries(r.body.terms.map((t: { term: string; status: string }) => [t.term, t.status]));
    expect(status).toEqual({
      contract_in_force: 'met',
      max_active_deployments: 'met',
      capacity_units: 'met',
      features: 'met',
      insured_throughout: 'not_met',
    });
  });

  it('prints the fulfillment report as an escaped HTML page allowed only its own style sheet', async () => {
    const made = await rig().svc.admin('POST', '/v1/admin/customers', {
      name: 'Acme <b>"Tools"</b> & Co',
      contactEmail: 'acme@example.com',
      mode: 'pilot',
    });
    expect(made.status).toBe(201);
    for (const ask of [
      { path: '?format=html', headers: {} },
      { path: '', headers: { accept: 'text/html,application/xhtml+xml' } },
    ]) {
      const page = await rig().svc.call('GET', `/v1/admin/customers/${made.body.id}/fulfillment${ask.path}`, {
        headers: ask.headers,
      });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; frame-ancestors 'none'/);
      const html = page.body as string;
      expect(html).toContain('Acme &lt;b&gt;&quot;Tools&quot;&lt;/b&gt; &amp; Co');
      expect(html).not.toContain('<b>');
      expect(html).not.toMatch(/<script|<link|https?:\/\//);
      expect(html).toContain('@media print');
    }
    const json = await rig().svc.admin('GET', `/v1/admin/customers/${made.body.id}/fulfillment`);
    expect(json.headers.get('content-type')).toContain('application/json');
    expect(json.body).toMatchObject({ contract: null, delivered: { quotes: 0, publishes: 0, deploys: 0 } });
    expect(json.body.terms.find((t: { term: string }) => t.term === 'insured_throughout').status).toBe(
      'not_applicable',
    );
  });
});
