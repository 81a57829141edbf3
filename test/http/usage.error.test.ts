/** Usage and fulfillment reports refuse bad ranges and unknown customers with stable codes. */
import { expect, it } from 'vitest';
import { describeService, onboard } from '../support/service.ts';

describeService('usage errors', (svc) => {
  it('refuses a range that is not calendar days, is backwards, or spans more than 366 days', async () => {
    const c = await onboard(svc(), 'RangeProbe', ['usage:read']);
    const cases: [string, string][] = [
      ['from=2026-02-30&to=2026-03-02', '/from'],
      ['from=2026-03-01&to=03-02-2026', '/to'],
      ['from=2026-03-05&to=2026-03-05', '/to'],
      ['from=2025-01-01&to=2026-03-01', '/to'],
    ];
    for (const [query, path] of cases) {
      for (const url of [
        `/v1/admin/customers/${c.id}/usage?${query}`,
        `/v1/admin/customers/${c.id}/fulfillment?${query}`,
      ]) {
        const r = await svc().admin('GET', url);
        expect([url, r.status, r.body.error.code, r.body.error.path]).toEqual([
          url,
          422,
          'TAI-USAGE-RANGE-INVALID',
          path,
        ]);
      }
      const mine = await svc().call('GET', `/v1/me/usage?${query}`, { token: c.token });
      expect([mine.status, mine.body.error.code]).toEqual([422, 'TAI-USAGE-RANGE-INVALID']);
    }
  });

  it('answers 404 for an unknown customer and 400 for an unknown format or parameter', async () => {
    const ghost = 'cus_00000000000000000000000000';
    for (const report of ['usage', 'fulfillment']) {
      const r = await svc().admin('GET', `/v1/admin/customers/${ghost}/${report}`);
      expect([r.status, r.body.error.code]).toEqual([404, 'TAI-CUSTOMER-NOT-FOUND']);
    }
    const c = await onboard(svc(), 'FormatProbe', ['usage:read']);
    const pdf = await svc().admin('GET', `/v1/admin/customers/${c.id}/fulfillment?format=pdf`);
    expect([pdf.status, pdf.body.error.code]).toEqual([400, 'TAI-REQ-VALIDATION']);
    const extra = await svc().call('GET', '/v1/me/usage?limit=5', { token: c.token });
    expect([extra.status, extra.body.error.code]).toEqual([400, 'TAI-REQ-VALIDATION']);
  });
});
