/** Only the admin token reads notification deliveries or redelivers one. */
import { expect, it } from 'vitest';
import { describeService, onboard } from '../support/service.ts';
import { SCOPES } from '../../src/domain/customer/types.ts';

describeService('admin notifications security', (svc) => {
  it('refuses anonymous callers and customer keys, whatever their scopes', async () => {
    const c = await onboard(svc(), 'NotAdmin', [...SCOPES]);
    for (const [method, path] of [
      ['GET', '/v1/admin/notifications'],
      ['POST', '/v1/admin/notifications/ntf_00000000000000000000000000/redeliver'],
    ] as const) {
      const anonymous = await svc().call(method, path, { token: null });
      expect([path, anonymous.status]).toEqual([path, 401]);
      const customer = await svc().call(method, path, { token: c.token });
      expect([path, customer.status, customer.body.error.code]).toEqual([path, 403, 'TAI-AUTH-FORBIDDEN']);
    }
  });
});
