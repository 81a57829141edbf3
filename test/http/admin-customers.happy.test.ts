/** The onboarding round trip over real HTTP, on SQLite and PostgreSQL. */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { canonicalize } from '../../src/domain/shared/canonical-json.ts';
import { issueExampleConfig } from '../fixtures/pricing/issue-example.ts';

import { contractBody, onboard, describeService } from '../support/service.ts';

describeService('onboarding happy path', (svc) => {
  it('onboards a customer end to end and lets it read back its own record, contract and pricing', async () => {
    const created = await svc().admin('POST', '/v1/admin/customers', {
      name: 'Acme Corp',
      contactEmail: 'Ops@Acme.example',
      mode: 'pilot',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Acme Corp', contactEmail: 'ops@acme.example', mode: 'pilot' });
    expect(created.body.id).toMatch(/^cus_[0-9a-z]{26}$/);
    const id = created.body.id as string;

    const key = await svc().admin('POST', `/v1/admin/customers/${id}/api-keys`, {
      scopes: ['account:read', 'pricing:read', 'receipts:read'],
    });
    expect(key.status).toBe(201);
    expect(key.body.id).toMatch(/^key_/);
    expect(key.body.scopes).toEqual(['account:read', 'pricing:read', 'receipts:read']);
    const token = key.body.secret as string;

    const body = contractBody();
    const contract = await svc().admin('PUT', `/v1/admin/customers/${id}/contract`, body);
    expect(contract.status).toBe(200);
    const { signature, ...document } = body;
    const digest = createHash('sha256').update(canonicalize(document)).digest('hex');
    expect(contract.body.signature).toEqual({ ...signature, documentSha256: digest });

    const v1 = await svc().admin('PUT', `/v1/admin/customers/${id}/pricing`, issueExampleConfig);
    const v2 = await svc().admin('PUT', `/v1/admin/customers/${id}/pricing`, {
      ...issueExampleConfig,
      effectiveFrom: '2026-07-01',
    });
    expect([v1.status, v1.body.version, v2.status, v2.body.version]).toEqual([201, 1, 201, 2]);

    const me = await svc().call('GET', '/v1/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(id);
    const myContract = await svc().call('GET', '/v1/me/contract', { token });
    expect(myContract.body.document.reference).toBe('MSA-2026-001');
    expect(myContract.body.signature.documentSha256).toBe(digest);
    const myPricing = await svc().call('GET', '/v1/me/pricing', { token });
    expect(
      myPricing.body.versions.map((v: { version: number; effectiveFrom: string }) => [v.version, v.effectiveFrom]),
    ).toEqual([
      [1, '2026-01-01'],
      [2, '2026-07-01'],
    ]);

    const keys = await svc().admin('GET', `/v1/admin/customers/${id}/api-keys`);
    expect(keys.body.items).toHaveLength(1);
    expect(keys.body.items[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(keys.body)).not.toContain(token.split('.')[1]);
  });

  it('lists customers a page at a time', async () => {
    for (const n of ['Page A', 'Page B', 'Page C']) await onboard(svc(), n.replace(' ', ''));
    const first = await svc().admin('GET', '/v1/admin/customers?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const rest = await svc().admin('GET', `/v1/admin/customers?limit=500&after=${first.body.next}`);
    const all = [...first.body.items, ...rest.body.items].map((c: { id: string }) => c.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual([...all].sort());
    expect(rest.body.next).toBeNull();
  });

  it('serves OpenAPI for every route, the docs UI, the error catalog and request ids', async () => {
    const spec = await svc().call('GET', '/openapi.json', { token: null });
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/v1/admin/customers', '/v1/admin/customers/{id}/contract', '/v1/me/pricing']),
    );
    const ui = await svc().call('GET', '/docs/', { token: null });
    expect(ui.status).toBe(200);
    const errors = await svc().call('GET', '/errors', { token: null });
    expect(errors.body).toContain('TAI-AUTH-MISSING');
    const health = await svc().call('GET', '/health?deep=true', {
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(health.status).toBe(200);
    expect(health.body.checks.store.status).toBe('ok');
    // A client's id is logged beside the service's own, never adopted (it would let a caller spoof correlation).
    expect(health.headers.get('x-request-id')).toMatch(/^req_[0-9a-z]{26}$/);
  });
});
