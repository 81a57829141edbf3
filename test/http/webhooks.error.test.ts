/** Customer webhooks refuse bad input with catalog codes: a bad URL or event, an unknown endpoint. */
import { expect, it } from 'vitest';
import { describeService, onboard } from '../support/service.ts';

describeService('webhooks errors', (svc) => {
  it('refuses a malformed registration and names the unknown endpoint', async () => {
    const c = await onboard(svc(), 'HookErrors', ['webhooks:write']);
    const noEvents = await svc().call('POST', '/v1/me/webhooks', {
      token: c.token,
      body: { url: 'http://127.0.0.1:9/hook', events: [] },
    });
    expect([noEvents.status, noEvents.body.error.code]).toEqual([400, 'TAI-REQ-VALIDATION']);
    const badEvent = await svc().call('POST', '/v1/me/webhooks', {
      token: c.token,
      body: { url: 'http://127.0.0.1:9/hook', events: ['no.such.event'] },
    });
    expect([badEvent.status, badEvent.body.error.code]).toEqual([400, 'TAI-REQ-VALIDATION']);
    const missing = 'whe_00000000000000000000000000';
    for (const [method, path] of [
      ['DELETE', `/v1/me/webhooks/${missing}`],
      ['POST', `/v1/me/webhooks/${missing}/rotate`],
    ] as const) {
      const r = await svc().call(method, path, { token: c.token });
      expect([path, r.status, r.body.error.code]).toEqual([path, 404, 'TAI-NOTIFY-WEBHOOK-NOT-FOUND']);
    }
    const badId = await svc().call('DELETE', '/v1/me/webhooks/not-an-id', { token: c.token });
    expect([badId.status, badId.body.error.code]).toEqual([400, 'TAI-REQ-VALIDATION']);
  });
});
