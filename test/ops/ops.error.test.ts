/** The ops dashboard's refusals of bad input: HTML pages carrying the catalog code, never a stack or JSON. */
import { expect, it } from 'vitest';
import { describeService } from '../support/service.ts';
import { signInOps } from './session.ts';

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
