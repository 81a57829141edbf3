/** /errors: HTML with one anchor per catalog code for browsers (the `docs` links jump there), markdown otherwise. */
import { expect, it } from 'vitest';
import { errorCatalog } from '../../src/domain/errors/catalog/index.ts';
import { describeService } from '../support/service.ts';

describeService('the error catalog page', (svc) => {
  it('serves HTML with an anchor for every code to a browser, and markdown to everyone else', async () => {
    const html = await svc().call('GET', '/errors', { token: null, headers: { accept: 'text/html,*/*;q=0.8' } });
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    for (const code of Object.keys(errorCatalog)) expect(html.body).toContain(`<tr id="${code.toLowerCase()}">`);
    const refused = await svc().call('GET', '/v1/me', { token: null });
    expect(html.body).toContain(`id="${refused.body.error.docs.split('#')[1]}"`);
    const md = await svc().call('GET', '/errors', { token: null });
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.body).toContain('| <a id="tai-auth-missing"></a>`TAI-AUTH-MISSING`');
  });
});
