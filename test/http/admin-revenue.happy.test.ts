/**
 * Finance over HTTP: record revenue terms and a modification, preview a schedule (Stripe's 120 USD over
 * 120 days from June 15, by day: 16, 31, 31, 30, 12), close a past month, read the customer's
 * waterfall and the monthly report, and export the journal as CSV.
 */
import { expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { termsDoc } from '../support/revenue.ts';
import { describeService, onboard } from '../support/service.ts';

const clock = new ManualClock('2026-01-01T00:00:00.000Z');

describeService(
  'admin revenue',
  (svc) => {
    it('previews a schedule without storing anything', async () => {
      const r = await svc().admin('POST', '/v1/admin/revenue/preview', {
        amount: '120.00',
        currency: 'USD',
        start: '2019-06-15',
        end: '2019-10-13',
        method: 'daily',
      });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({
        periods: [
          { period: '2019-06', amount: '16.00' },
          { period: '2019-07', amount: '31.00' },
          { period: '2019-08', amount: '31.00' },
          { period: '2019-09', amount: '30.00' },
          { period: '2019-10', amount: '12.00' },
        ],
        total: '120.00',
      });
    });

    it('records terms, closes a month and shows the waterfall, the report and the journal', async () => {
      clock.set('2026-01-01T00:00:00.000Z');
      const c = await onboard(svc(), 'Finance');
      const put = await svc().admin('PUT', `/v1/admin/customers/${c.id}/revenue-terms`, termsDoc());
      expect([put.status, put.body]).toEqual([201, { version: 1, effectiveFrom: '2026-01-01' }]);
      const up = await svc().admin('PUT', `/v1/admin/customers/${c.id}/revenue-terms`, {
        ...termsDoc(),
        effectiveFrom: '2026-07-01',
        modification: 'upgrade',
        obligations: [
          {
            id: 'platform',
            kind: 'platform_access',
            price: '15000.00',
            standaloneSellingPrice: '15000.00',
            method: 'monthly',
          },
        ],
      });
      expect([up.status, up.body.version]).toEqual([201, 2]);
      const versions = await svc().admin('GET', `/v1/admin/customers/${c.id}/revenue-terms`);
      expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([1, 2]);

      clock.set('2026-02-01T00:10:00.000Z');
      const closed = await svc().admin('POST', '/v1/admin/revenue/close', { day: '2026-01-31' });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ day: '2026-01-31', appended: 2, failed: [] });
      const again = await svc().admin('POST', '/v1/admin/revenue/close', { day: '2026-01-31' });
      expect(again.body.appended).toBe(0);

      const view = await svc().admin('GET', `/v1/admin/customers/${c.id}/revenue`);
      expect(view.status).toBe(200);
      expect(view.body.waterfall).toEqual([
        {
          period: '2026-01',
          billed: '12000.00',
          recognized: '1000.00',
          deferredOpening: '0.00',
          deferredClosing: '11000.00',
        },
      ]);
      expect(view.body.entries.map((e: { kind: string; amount: string }) => [e.kind, e.amount])).toEqual([
        ['billing', '12000.00'],
        ['recognition', '1000.00'],
      ]);

      const report = await svc().admin('GET', '/v1/admin/revenue/report?from=2026-01&to=2026-02');
      expect(report.status).toBe(200);
      expect(report.body.customers).toContainEqual({
        customerId: c.id,
        currency: 'USD',
        period: '2026-01',
        recognized: '1000.00',
        deferred: '11000.00',
      });
      const csv = await svc().admin('GET', '/v1/admin/revenue/report?from=2026-01&to=2026-01&format=csv');
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = (csv.body as string).split('\r\n');
      expect(lines[0]).toBe(
        'entryId,bookedOn,period,customerId,account,debit,credit,currency,obligationId,kind,corrects,evidence',
      );
      expect(lines.filter((l) => l.includes(c.id) && l.includes('accounts_receivable,12000.00,'))).toHaveLength(1);
      expect(lines.filter((l) => l.includes(c.id) && l.includes(',revenue,,1000.00,'))).toHaveLength(1);
    });

    it('closes the accounting period through a month whose days are closed, forward only, audited', async () => {
      clock.set('2026-03-01T00:10:00.000Z');
      const before = await svc().admin('GET', '/v1/admin/revenue/closed-through');
      expect([before.status, before.body.closedThrough]).toEqual([200, null]);
      expect((await svc().admin('POST', '/v1/admin/revenue/close', { day: '2026-02-28' })).status).toBe(200);
      const put = await svc().admin('PUT', '/v1/admin/revenue/closed-through', { period: '2026-02' });
      expect([put.status, put.body]).toEqual([
        200,
        {
          closedThrough: '2026-02',
          closedAt: '2026-03-01T00:10:00.000Z',
          closedBy: 'admin',
          lastClosedDay: '2026-02-28',
        },
      ]);
      const again = await svc().admin('PUT', '/v1/admin/revenue/closed-through', { period: '2026-02' });
      expect([again.status, again.body.closedAt]).toEqual([200, '2026-03-01T00:10:00.000Z']);
      const after = await svc().admin('GET', '/v1/admin/revenue/closed-through');
      expect(after.body).toEqual(put.body);
      const audit = await svc().admin('GET', '/v1/admin/audit?type=revenue.period_closed');
      expect(audit.body.items.map((e: { details: unknown }) => e.details)).toEqual([
        { closedThrough: '2026-02', previous: null },
      ]);
    });
  },
  { clock },
);
