/**
 * The ops dashboard's refusals of bad input: HTML pages carrying the catalog code, never a stack or JSON; and
 * failed sign-ins throttled per address like the API's bearer tokens, in virtual time.
 */
import { expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { ADMIN_TOKEN, describeService } from '../support/service.ts';
import { postForm, signInOps } from './session.ts';

describeService('ops dashboard errors', (svc) => {
  it('answers bad ids, unknown customers and bad filters with a page naming the code', async () => {
    const ops = await signInOps(svc().service.app);
    const cases: [string, number, string][] = [
      ['/ops/customers/not-an-id', 400, 'TAI-REQ-VALIDATION'],
      ['/ops/customers/cus_00000000000000000000000000', 404, 'TAI-CUSTOMER-NOT-FOUND'],
      ['/ops/audit?from=yesterday', 400, 'TAI-REQ-VALIDATION'],
      ['/ops/audit?outcome=maybe', 400, 'TAI-REQ-VALIDATION'],
      ['/ops/deployments?after=%3Cx%3E', 400, 'TAI-REQ-VALIDATION'],
    ];
    for (const [url, status, code] of cases) {
      const res = await ops.get(url);
      expect([url, res.statusCode]).toEqual([url, status]);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain(code);
      expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('refuses a sign-in form that is not a form, or too large', async () => {
    const app = svc().service.app;
    const json = await app.inject({
      method: 'POST',
      url: '/ops/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: '{"token":"x"}',
    });
    expect(json.statusCode).toBe(415);
    expect(json.body).toContain('TAI-REQ-UNSUPPORTED-MEDIA-TYPE');
    // The API beside it still reads JSON.
    expect((await svc().call('GET', '/v1/admin/status')).status).toBe(200);
    const huge = await app.inject({
      method: 'POST',
      url: '/ops/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${'a'.repeat(10_000)}`,
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.body).toContain('TAI-REQ-TOO-LARGE');
  });
});

const clock = new ManualClock('2026-04-01T00:00:00Z');
describeService(
  'ops dashboard sign-in throttle',
  (svc) => {
    it('answers 429 TAI-AUTH-THROTTLED with Retry-After past the burst, then takes the token once the window ends', async () => {
      const app = svc().service.app;
      for (let i = 0; i < 3; i++)
        expect((await postForm(app, '/ops/sign-in', { token: `wrong-${i}` })).statusCode).toBe(401);
      const blocked = await postForm(app, '/ops/sign-in', { token: ADMIN_TOKEN });
      expect([blocked.statusCode, blocked.headers['retry-after']]).toEqual([429, '60']);
      expect(blocked.headers['content-type']).toContain('text/html');
      expect(blocked.body).toContain('TAI-AUTH-THROTTLED');
      expect(blocked.headers['set-cookie']).toBeUndefined();
      clock.advance(59_000);
      const still = await postForm(app, '/ops/sign-in', { token: ADMIN_TOKEN });
      expect([still.statusCode, still.headers['retry-after']]).toEqual([429, '1']);
      clock.advance(1_000);
      const ops = await signInOps(app);
      expect((await ops.get('/ops')).statusCode).toBe(200);
    });
  },
  { clock, env: { TAI_AUTH_FAILURE_BURST: '3', TAI_AUTH_FAILURE_WINDOW: '1m' } },
);
