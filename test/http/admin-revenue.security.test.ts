/** Revenue is finance's: a customer key reaches none of it, not even its own schedule, and nothing is recorded. */
import { expect, it } from 'vitest';
import { termsDoc } from '../support/revenue.ts';
import { describeService, onboard } from '../support/service.ts';

describeService('admin revenue security', (svc) => {
  it('refuses customer keys and anonymous callers on every revenue route', async () => {
    const c = await onboard(svc(), 'Curious');
    const routes: [string, string, unknown][] = [
      ['PUT', `/v1/admin/customers/${c.id}/revenue-terms`, termsDoc()],
      ['GET', `/v1/admin/customers/${c.id}/revenue-terms`, undefined],
      ['GET', `/v1/admin/customers/${c.id}/revenue`, undefined],
      [
        'POST',
        '/v1/admin/revenue/preview',
        { amount: '1.00', currency: 'USD', start: '2026-01-01', end: '2026-02-01', method: 'daily' },
      ],
      ['POST', '/v1/admin/revenue/close', { day: '2026-01-01' }],
      ['GET', '/v1/admin/revenue/report?from=2026-01&to=2026-01&format=csv', undefined],
      ['GET', '/v1/admin/revenue/closed-through', undefined],
      ['PUT', '/v1/admin/revenue/closed-through', { period: '2025-12' }],
    ];
    for (const [method, path, body] of routes) {
      const asCustomer = await svc().call(method, path, { token: c.token, body });
      expect([path, asCustomer.status, asCustomer.body.error.code]).toEqual([path, 403, 'TAI-AUTH-FORBIDDEN']);
      const anonymous = await svc().call(method, path, { token: null, body });
      expect([path, anonymous.status]).toEqual([path, 401]);
    }
    const versions = await svc().admin('GET', `/v1/admin/customers/${c.id}/revenue-terms`);
    expect(versions.body.items).toEqual([]);
    const closed = await svc().admin('GET', '/v1/admin/revenue/closed-through');
    expect(closed.body.closedThrough).toBeNull();
  });
});
