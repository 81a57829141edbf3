/**
 * The ops dashboard's security over HTTP (fastify inject): redirects without a session, customer keys refused,
 * cookie flags, CSRF refusals, sign-out, idle expiry in virtual time, the shared failure throttle, escaping, CSP.
 */
import { describe, expect, it } from 'vitest';
import { DASHBOARD_CSP, safeNext } from '../../src/edges/dashboard/index.ts';
import { SESSION_IDLE_MS } from '../../src/edges/dashboard/sessions.ts';
import { describeInsured, insuredCustomer } from '../support/insured.ts';
import { ADMIN_TOKEN, describeService } from '../support/service.ts';
import { postForm, signInOps } from './session.ts';

describeInsured('ops dashboard security', (rig) => {
  const app = () => rig().svc.service.app;

  it('redirects every page to sign-in without a session, and refuses actions without one', async () => {
    for (const path of ['/ops', '/ops/audit', '/ops/deployments', '/ops/customers/cus_00000000000000000000000000']) {
      const res = await app().inject({ method: 'GET', url: path });
      expect([path, res.statusCode, res.headers['location']]).toEqual([
        path,
        303,
        `/ops/sign-in?next=${encodeURIComponent(path)}`,
      ]);
    }
    const c = await insuredCustomer(rig(), 'Unsessioned');
    const post = await postForm(app(), `/ops/customers/${c.id}/recover`, { csrf: 'x' });
    expect([post.statusCode, post.headers['location']]).toEqual([303, '/ops/sign-in?next=%2Fops']);
    // The admin bearer token is for the API: the dashboard reads only its own session.
    const bearer = await app().inject({
      method: 'GET',
      url: '/ops',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(bearer.statusCode).toBe(303);
  });

  it('refuses a customer API key, as a bearer token and in the sign-in form', async () => {
    const c = await insuredCustomer(rig(), 'Customer');
    for (const url of ['/ops', '/ops/sign-in']) {
      const res = await app().inject({ method: 'GET', url, headers: { authorization: `Bearer ${c.token}` } });
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('TAI-AUTH-FORBIDDEN');
    }
    const formed = await postForm(app(), '/ops/sign-in', { token: c.token });
    expect(formed.statusCode).toBe(401);
    expect(formed.headers['set-cookie']).toBeUndefined();
    expect(formed.body).toContain('That is not the admin token.');
  });

  it('sets an HttpOnly, SameSite=Strict session cookie scoped to /ops (not Secure without TLS)', async () => {
    const res = await postForm(app(), '/ops/sign-in', { token: ADMIN_TOKEN, next: '/ops/audit' });
    expect([res.statusCode, res.headers['location']]).toEqual([303, '/ops/audit']);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^tai_ops_session=[A-Za-z0-9_-]{43}; Path=\/ops; Max-Age=43200; HttpOnly; SameSite=Strict$/);
  });

  it('refuses an action whose CSRF token is missing, wrong or another session’s, and changes nothing', async () => {
    const c = await insuredCustomer(rig(), 'Forged');
    const mine = await signInOps(app());
    const other = await signInOps(app());
    const lastCheck = async () =>
      (await rig().svc.admin('GET', `/v1/admin/customers/${c.id}/insurance`)).body.lastCheckAt as string;
    const before = await lastCheck();
    rig().clock.advance(1000);
    for (const fields of [{}, { csrf: 'not-the-token' }, { csrf: await other.csrf() }]) {
      const res = await mine.post(`/ops/customers/${c.id}/check`, fields);
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('TAI-OPS-CSRF-INVALID');
    }
    expect(await lastCheck()).toBe(before);
    // The same request with the session's own token does check.
    expect((await mine.post(`/ops/customers/${c.id}/check`, { csrf: await mine.csrf() })).statusCode).toBe(303);
    expect(await lastCheck()).not.toBe(before);
    const signOut = await mine.post('/ops/sign-out', { csrf: 'wrong' });
    expect(signOut.statusCode).toBe(403);
    expect((await mine.get('/ops')).statusCode).toBe(200);
  });

  it('signs out (the old cookie no longer opens a page) and expires an idle session in virtual time', async () => {
    const ops = await signInOps(app());
    const out = await ops.post('/ops/sign-out', { csrf: await ops.csrf() });
    expect([out.statusCode, out.headers['location']]).toEqual([303, '/ops/sign-in']);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await ops.get('/ops')).statusCode).toBe(303);

    const idle = await signInOps(app());
    rig().clock.advance(SESSION_IDLE_MS - 1000);
    expect((await idle.get('/ops')).statusCode).toBe(200);
    rig().clock.advance(SESSION_IDLE_MS);
    expect((await idle.get('/ops')).statusCode).toBe(303);
  });

  it('escapes what it shows: a customer name and reflected filters never become markup', async () => {
    const evil = '<script>alert("x")</script> & \'co\'';
    const created = await rig().svc.admin('POST', '/v1/admin/customers', {
      name: evil,
      contactEmail: 'evil@example.com',
      mode: 'pilot',
    });
    expect(created.status).toBe(201);
    const ops = await signInOps(app());
    const overview = await ops.get('/ops');
    expect(overview.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;');
    expect(overview.body).not.toContain('<script');
    const page = await ops.get(`/ops/customers/${created.body.id}`);
    expect(page.body).not.toContain('<script');
    const reflected = await ops.get(`/ops/audit?type=${encodeURIComponent('"><script>x</script>')}`);
    expect(reflected.statusCode).toBe(200);
    expect(reflected.body).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    const next = await app().inject({ method: 'GET', url: `/ops/sign-in?next=${encodeURIComponent('"><b>')}` });
    expect(next.body).not.toContain('"><b>');
  });

  it("sends a CSP allowing only 'self' on pages, assets, redirects and refusals, and no inline script or style", async () => {
    const ops = await signInOps(app());
    const answers = [
      await ops.get('/ops'),
      await ops.get('/ops/audit'),
      await ops.get('/ops/deployments'),
      await app().inject({ method: 'GET', url: '/ops/assets/ops.css' }),
      await app().inject({ method: 'GET', url: '/ops' }),
      await app().inject({ method: 'GET', url: '/ops/sign-in' }),
      await ops.post('/ops/sign-out', {}),
    ];
    for (const r of answers) {
      expect(r.headers['content-security-policy']).toBe(DASHBOARD_CSP);
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.body).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
    }
    expect(DASHBOARD_CSP.replace(/'self'|'none'/g, '')).not.toMatch(/'|\*|https?:|data:/);
  });
});

describeService(
  'ops dashboard over TLS, with a tight failure throttle',
  (svc) => {
    it('marks the session cookie Secure when served over TLS', async () => {
      const res = await postForm(svc().service.app, '/ops/sign-in', { token: ADMIN_TOKEN });
      expect(String(res.headers['set-cookie'])).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
    });

    it('counts failed sign-ins in the shared throttle: past the burst even the right token waits, audited once per window', async () => {
      const app = svc().service.app;
      for (let i = 0; i < 3; i++)
        expect((await postForm(app, '/ops/sign-in', { token: `wrong-${i}` })).statusCode).toBe(401);
      const throttled = await postForm(app, '/ops/sign-in', { token: ADMIN_TOKEN });
      expect(throttled.statusCode).toBe(429);
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      expect(throttled.headers['set-cookie']).toBeUndefined();
      // The API's bearer tokens share the same throttle: the address is blocked there too.
      const api = await app.inject({
        method: 'GET',
        url: '/v1/admin/status',
        headers: { authorization: 'Bearer nope' },
      });
      expect(api.statusCode).toBe(429);
      const audit = await svc().service.ctx.store.read((r) => r.auditEvents({ limit: 100, type: 'auth.failure' }));
      const notes = audit.map((e) => JSON.parse(e.details) as { route: string; window: string });
      expect(notes.filter((n) => n.route === '/ops/sign-in').map((n) => n.window)).toEqual(['first', 'throttled']);
    });
  },
  { env: { TAI_SERVED_OVER_TLS: 'true', TAI_AUTH_FAILURE_BURST: '3' } },
);

describe('safeNext', () => {
  it('keeps dashboard paths and sends anything else to the overview', () => {
    expect(safeNext('/ops/customers/cus_1?after=3')).toBe('/ops/customers/cus_1?after=3');
    for (const bad of ['//evil.example/ops', 'https://evil.example/ops', '/opsx', '/ops\\@evil', '/docs', ''])
      expect(safeNext(bad)).toBe('/ops');
  });
});
