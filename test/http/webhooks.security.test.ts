/** Webhooks need webhooks:write, and a customer never sees or changes another customer's endpoints. */
import { expect, it } from 'vitest';
import { ADMIN_TOKEN, describeService, onboard } from '../support/service.ts';

describeService('webhooks security', (svc) => {
  it('needs webhooks:write and keeps each customer to its own endpoints', async () => {
    const a = await onboard(svc(), 'HookOwner', ['webhooks:write']);
    const b = await onboard(svc(), 'HookOther', ['webhooks:write']);
    const reader = await onboard(svc(), 'HookReader', ['account:read']);
    const made = await svc().call('POST', '/v1/me/webhooks', {
      token: a.token,
      body: { url: 'http://127.0.0.1:9/hook-a', events: ['certificate.revoked'] },
    });
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    for (const [method, path] of [
      ['GET', '/v1/me/webhooks'],
      ['DELETE', `/v1/me/webhooks/${id}`],
      ['POST', `/v1/me/webhooks/${id}/rotate`],
    ] as const) {
      const scope = await svc().call(method, path, { token: reader.token });
      expect([path, scope.status, scope.body.error.code]).toEqual([path, 403, 'TAI-AUTH-SCOPE']);
      const anonymous = await svc().call(method, path, { token: null });
      expect([path, anonymous.status]).toEqual([path, 401]);
      const admin = await svc().call(method, path, { token: ADMIN_TOKEN });
      expect([path, admin.status, admin.body.error.code]).toEqual([path, 403, 'TAI-AUTH-FORBIDDEN']);
    }
    expect((await svc().call('GET', '/v1/me/webhooks', { token: b.token })).body.items).toEqual([]);
    const other = await svc().call('DELETE', `/v1/me/webhooks/${id}`, { token: b.token });
    expect([other.status, other.body.error.code]).toEqual([404, 'TAI-NOTIFY-WEBHOOK-NOT-FOUND']);
    const stolen = await svc().call('POST', `/v1/me/webhooks/${id}/rotate`, { token: b.token });
    expect(stolen.status).toBe(404);
    expect((await svc().call('GET', '/v1/me/webhooks', { token: a.token })).body.items).toHaveLength(1);
  });
});
