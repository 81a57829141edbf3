/** The admin notification routes refuse bad input and unknown or not-dead deliveries with catalog codes. */
import { expect, it } from 'vitest';
import { describeService } from '../support/service.ts';

describeService('admin notifications errors', (svc) => {
  it('refuses bad filters and a redelivery of a delivery that does not exist', async () => {
    for (const query of ['status=nonsense', 'limit=0', 'limit=501', 'channel=fax']) {
      const r = await svc().admin('GET', `/v1/admin/notifications?${query}`);
      expect([query, r.status, r.body.error.code]).toEqual([query, 400, 'TAI-REQ-VALIDATION']);
    }
    const missing = await svc().admin('POST', '/v1/admin/notifications/ntf_00000000000000000000000000/redeliver');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'TAI-NOTIFY-DELIVERY-NOT-FOUND']);
    const page = await svc().admin('GET', '/v1/admin/notifications');
    expect(page.status).toBe(200);
  });
});
