/** Health answers without credentials and never shows a secret: no token, key, password or connection string. */
import { expect, it } from 'vitest';
import { ADMIN_TOKEN, describeService } from '../support/service.ts';

describeService('health security', (svc) => {
  it('reveals nothing secret in its deep report', async () => {
    const deep = await svc().call('GET', '/health?deep=true');
    const text = JSON.stringify(deep.body);
    expect(text).not.toContain(ADMIN_TOKEN);
    expect(text).not.toMatch(/postgres:\/\/|password|secret|\.db\b|\/tmp\//i);
  });

  it('refuses a malformed bearer even on a public route, rather than ignoring it', async () => {
    const r = await svc().call('GET', '/health', { token: 'not-a-key' });
    expect([r.status, r.body.error.code]).toEqual([401, 'TAI-AUTH-INVALID']);
  });
});
