/** Credentials and tenancy over real HTTP: who may call what, and what never leaks. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueExampleConfig } from '../fixtures/pricing/issue-example.ts';
import { sqliteFixture } from '../support/stores.ts';
import { ADMIN_TOKEN, contractBody, onboard, startTestService, describeService } from '../support/service.ts';

describeService('onboarding security', (svc) => {
  let a: Awaited<ReturnType<typeof onboard>>;
  let b: Awaited<ReturnType<typeof onboard>>;

  beforeAll(async () => {
    a = await onboard(svc(), 'Alpha');
    b = await onboard(svc(), 'Beta', ['account:read', 'receipts:read']);
    await svc().admin('PUT', `/v1/admin/customers/${a.id}/contract`, contractBody({ reference: 'ALPHA-SECRET-REF' }));
    const pricing = await svc().admin('PUT', `/v1/admin/customers/${a.id}/pricing`, {
      ...issueExampleConfig,
      skus: [{ sku: 'alpha-only', model: 'flat', amount: '1.00' }],
      discounts: [],
    });
    if (pricing.status !== 201) throw new Error(JSON.stringify(pricing.body));
  });

  const code = async (method: string, path: string, token: string | null, body?: unknown) => {
    const res = await svc().call(method, path, { token, body });
    return [res.status, res.body?.error?.code];
  };

  it('requires a bearer token on admin and customer routes', async () => {
    expect(await code('GET', '/v1/admin/customers', null)).toEqual([401, 'TAI-AUTH-MISSING']);
    expect(await code('GET', '/v1/me', null)).toEqual([401, 'TAI-AUTH-MISSING']);
    const basic = await svc().call('GET', '/v1/me', { token: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.body.error.code).toBe('TAI-AUTH-MISSING');
  });

  it('refuses wrong admin tokens and forged or malformed keys alike', async () => {
    expect(await code('GET', '/v1/admin/customers', `${ADMIN_TOKEN}x`)).toEqual([401, 'TAI-AUTH-INVALID']);
    const [keyId, secret] = a.token.split('.');
    const flipped = `${keyId}.${secret?.startsWith('A') ? 'B' : 'A'}${secret?.slice(1)}`;
    expect(await code('GET', '/v1/me', flipped)).toEqual([401, 'TAI-AUTH-INVALID']);
    expect(await code('GET', '/v1/me', `key_00000000000000000000000000.${secret}`)).toEqual([401, 'TAI-AUTH-INVALID']);
    expect(await code('GET', '/v1/me', 'garbage')).toEqual([401, 'TAI-AUTH-INVALID']);
  });

  it('keeps customer keys off admin routes and the admin token off customer routes', async () => {
    expect(await code('GET', '/v1/admin/customers', a.token)).toEqual([403, 'TAI-AUTH-FORBIDDEN']);
    expect(await code('GET', `/v1/admin/customers/${a.id}`, a.token)).toEqual([403, 'TAI-AUTH-FORBIDDEN']);
    expect(await code('POST', `/v1/admin/customers/${a.id}/api-keys`, a.token, { scopes: ['deploy:write'] })).toEqual([
      403,
      'TAI-AUTH-FORBIDDEN',
    ]);
    expect(await code('GET', '/v1/me', ADMIN_TOKEN)).toEqual([403, 'TAI-AUTH-FORBIDDEN']);
  });

  it('enforces scopes', async () => {
    expect(await code('GET', '/v1/me/pricing', b.token)).toEqual([403, 'TAI-AUTH-SCOPE']);
    expect((await svc().call('GET', '/v1/me', { token: b.token })).status).toBe(200);
  });

  it('shows each customer only its own record, contract and pricing', async () => {
    const meB = await svc().call('GET', '/v1/me', { token: b.token });
    expect(meB.body.id).toBe(b.id);
    expect((await svc().call('GET', '/v1/me/pricing', { token: b.token })).status).toBe(403);
    const contractB = await svc().call('GET', '/v1/me/contract', { token: b.token });
    expect(contractB.status).toBe(404);
    expect(JSON.stringify(contractB.body)).not.toContain('ALPHA');
    const pricingA = await svc().call('GET', '/v1/me/pricing', { token: a.token });
    expect(pricingA.body.versions[0].document.skus[0].sku).toBe('alpha-only');
  });

  it('refuses a revoked key from the next request on, and revoking again changes nothing', async () => {
    const c = await onboard(svc(), 'Gamma');
    expect((await svc().call('GET', '/v1/me', { token: c.token })).status).toBe(200);
    const del = await svc().admin('DELETE', `/v1/admin/customers/${c.id}/api-keys/${c.keyId}`);
    expect(del.status).toBe(204);
    expect(await code('GET', '/v1/me', c.token)).toEqual([401, 'TAI-AUTH-REVOKED']);
    expect((await svc().admin('DELETE', `/v1/admin/customers/${c.id}/api-keys/${c.keyId}`)).status).toBe(204);
    // Another customer's key id cannot be revoked through this customer.
    expect(await code('DELETE', `/v1/admin/customers/${c.id}/api-keys/${a.keyId}`, ADMIN_TOKEN)).toEqual([
      404,
      'TAI-API-KEY-NOT-FOUND',
    ]);
    expect((await svc().call('GET', '/v1/me', { token: a.token })).status).toBe(200);
  });

  it('never answers a 500 with internals', async () => {
    const res = await svc().call('GET', '/v1/me', { token: `key_${'z'.repeat(26)}.${'A'.repeat(43)}` });
    expect(JSON.stringify(res.body)).not.toMatch(/stack|sql|select|at .*\.ts/i);
  });
});

describe('secrets at rest and in logs', () => {
  it('keeps API key secrets and the admin token out of the database file and the logs', async () => {
    const fixture = sqliteFixture();
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const svc = await startTestService(await fixture.open(), { env: { TAI_LOG_LEVEL: 'trace' }, logStream });
    const k = await onboard(svc, 'Delta');
    await svc.call('GET', '/v1/me', { token: k.token });
    await svc.call('GET', '/v1/me', { token: `${k.token}x` });
    await svc.close();
    const secret = k.token.split('.')[1] ?? 'missing';
    const dir = fixture.location() ?? 'missing';
    const files = readdirSync(dir);
    expect(files).toContain('tai.db');
    for (const f of files) {
      const bytes = readFileSync(join(dir, f)).toString('latin1');
      expect(bytes).not.toContain(secret);
      expect(bytes).not.toContain(ADMIN_TOKEN);
    }
    const log = lines.join('');
    expect(log).toContain('incoming request');
    expect(log).not.toContain(secret);
    expect(log).not.toContain(ADMIN_TOKEN);
    await fixture.cleanup();
  });
});
