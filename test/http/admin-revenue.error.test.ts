/** Bad revenue requests answer with a stable code and the field at fault; nothing is stored. */
import { expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { termsDoc } from '../support/revenue.ts';
import { describeService, onboard } from '../support/service.ts';

const clock = new ManualClock('2026-03-01T00:00:00.000Z');

describeService(
  'admin revenue errors',
  (svc) => {
    it('refuses invalid terms and histories with their codes', async () => {
      const c = await onboard(svc(), 'BadTerms');
      const put = (doc: unknown) => svc().admin('PUT', `/v1/admin/customers/${c.id}/revenue-terms`, doc);
      const cases: [unknown, number, string][] = [
        [termsDoc({ currency: 'XXZ' }), 422, 'TAI-REVENUE-CURRENCY-UNKNOWN'],
        [termsDoc({ serviceEnd: '2026-02-30' }), 422, 'TAI-REVENUE-DATE-INVALID'],
        [termsDoc({ obligations: [] }), 422, 'TAI-REVENUE-NO-OBLIGATIONS'],
        [termsDoc({ billing: { kind: 'monthly_in_advance', billingDay: 31 } }), 422, 'TAI-REVENUE-BILLING-DAY-RANGE'],
        [termsDoc({ modification: 'upgrade' }), 422, 'TAI-REVENUE-MODIFICATION-INVALID'],
        [{ ...termsDoc(), colour: 'blue' }, 400, 'TAI-REQ-VALIDATION'],
      ];
      for (const [doc, status, code] of cases) {
        const r = await put(doc);
        expect([r.status, r.body.error.code]).toEqual([status, code]);
      }
      expect((await put(termsDoc())).status).toBe(201);
      const unmodified = await put(termsDoc());
      expect([unmodified.status, unmodified.body.error.code]).toEqual([422, 'TAI-REVENUE-MODIFICATION-INVALID']);
      const versions = await svc().admin('GET', `/v1/admin/customers/${c.id}/revenue-terms`);
      expect(versions.body.items).toHaveLength(1);
    });

    it('refuses an open day, bad months, bad previews, unknown customers and a customer without terms', async () => {
      const close = await svc().admin('POST', '/v1/admin/revenue/close', { day: '2026-03-01' });
      expect([close.status, close.body.error.code]).toEqual([422, 'TAI-REVENUE-DAY-OPEN']);
      const notDay = await svc().admin('POST', '/v1/admin/revenue/close', { day: '2026-02-30' });
      expect([notDay.status, notDay.body.error.code]).toEqual([422, 'TAI-REVENUE-DATE-INVALID']);
      for (const q of ['from=2026-13&to=2026-12', 'from=2026-05&to=2026-04', 'from=2000-01&to=2026-01']) {
        const r = await svc().admin('GET', `/v1/admin/revenue/report?${q}`);
        expect([q, r.status, r.body.error.code]).toEqual([q, 422, 'TAI-REVENUE-MONTH-INVALID']);
      }
      const preview = (over: Record<string, string>) =>
        svc().admin('POST', '/v1/admin/revenue/preview', {
          amount: '10.00',
          currency: 'USD',
          start: '2026-01-31',
          end: '2026-04-29',
          method: 'daily',
          ...over,
        });
      expect((await preview({ amount: '10.001' })).body.error.code).toBe('TAI-REVENUE-AMOUNT-INVALID');
      expect((await preview({ end: '2026-01-01' })).body.error.code).toBe('TAI-REVENUE-PERIOD-EMPTY');
      expect((await preview({ method: 'monthly' })).body.error.code).toBe('TAI-REVENUE-MONTHLY-PARTIAL');
      const missing = `cus_${'0'.repeat(26)}`;
      const unknown = await svc().admin('GET', `/v1/admin/customers/${missing}/revenue`);
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'TAI-CUSTOMER-NOT-FOUND']);
      const c = await onboard(svc(), 'NoTerms');
      const none = await svc().admin('GET', `/v1/admin/customers/${c.id}/revenue`);
      expect([none.status, none.body.error.code]).toEqual([404, 'TAI-REVENUE-NO-TERMS']);
    });

    it('refuses to close a period backwards, before it ends, before its days are closed, or a bad month', async () => {
      clock.set('2026-03-01T00:10:00.000Z');
      const put = (period: string) => svc().admin('PUT', '/v1/admin/revenue/closed-through', { period });
      const codeOf = async (period: string) => {
        const r = await put(period);
        return [period, r.status, r.body.error?.code];
      };
      expect(await codeOf('2026-13')).toEqual(['2026-13', 422, 'TAI-REVENUE-MONTH-INVALID']);
      expect(await codeOf('2026-03')).toEqual(['2026-03', 422, 'TAI-REVENUE-PERIOD-NOT-ENDED']);
      expect(await codeOf('2026-01')).toEqual(['2026-01', 409, 'TAI-REVENUE-PERIOD-DAYS-OPEN']);
      // A close of a day inside February covers January, not February.
      expect((await svc().admin('POST', '/v1/admin/revenue/close', { day: '2026-02-27' })).status).toBe(200);
      expect(await codeOf('2026-02')).toEqual(['2026-02', 409, 'TAI-REVENUE-PERIOD-DAYS-OPEN']);
      expect((await put('2026-01')).status).toBe(200);
      expect(await codeOf('2025-12')).toEqual(['2025-12', 409, 'TAI-REVENUE-PERIOD-BACKWARDS']);
      const closed = await svc().admin('GET', '/v1/admin/revenue/closed-through');
      expect(closed.body).toMatchObject({ closedThrough: '2026-01', lastClosedDay: '2026-02-27' });
      const audit = await svc().admin('GET', '/v1/admin/audit?type=revenue.period_closed');
      expect(audit.body.items).toHaveLength(1);
    });
  },
  { clock },
);
