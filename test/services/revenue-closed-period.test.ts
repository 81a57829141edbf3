/**
 * Finance's closed period, recorded: once February is closed, closing a February day again after a
 * retroactive change books the correction in March (the first open month), naming the February entry it
 * corrects; without a closed period the same re-run would have booked it in February itself.
 */
import { expect, it } from 'vitest';
import type { RevenueEntry } from '../../src/domain/revenue/types.ts';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { termsDoc } from '../support/revenue.ts';
import { describeService, onboard } from '../support/service.ts';

const clock = new ManualClock('2025-12-20T12:00:00.000Z');

describeService(
  'the daily close honours the closed period',
  (svc) => {
    it('books a correction for a closed month in the first open month', async () => {
      clock.set('2025-12-20T12:00:00.000Z');
      const c = await onboard(svc(), 'ClosedPeriod');
      expect((await svc().admin('PUT', `/v1/admin/customers/${c.id}/revenue-terms`, termsDoc())).status).toBe(201);
      clock.set('2026-03-01T00:10:00.000Z');
      expect((await svc().admin('POST', '/v1/admin/revenue/close', { day: '2026-02-28' })).body.appended).toBe(3);
      expect((await svc().admin('PUT', '/v1/admin/revenue/closed-through', { period: '2026-02' })).status).toBe(200);

      // Recorded in March, the upgrade takes effect on February 1: February's recognition changes.
      clock.set('2026-03-05T09:00:00.000Z');
      const upgrade = {
        ...termsDoc(),
        effectiveFrom: '2026-02-01',
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
      };
      expect((await svc().admin('PUT', `/v1/admin/customers/${c.id}/revenue-terms`, upgrade)).status).toBe(201);
      const rerun = await svc().admin('POST', '/v1/admin/revenue/close', { day: '2026-02-28' });
      expect(rerun.body.appended).toBeGreaterThan(0);

      const entries = (await svc().admin('GET', `/v1/admin/customers/${c.id}/revenue`)).body.entries as RevenueEntry[];
      const february = entries.filter((e) => e.kind === 'recognition' && e.servicePeriod === '2026-02');
      const [original, correction] = february;
      expect(original).toMatchObject({ period: '2026-02', amount: '1000.00', corrects: null });
      // (15,000.00 - 1,000.00 recognized in January) over the 11 months left: 1,272.73 a month.
      expect(correction).toMatchObject({ period: '2026-03', bookedOn: '2026-02-28', amount: '272.73' });
      expect(correction?.corrects).toBe(original?.id);
      // Nothing the re-run appended is booked in a closed month.
      const rerunEntries = entries.filter((e) => e.recordedAt >= '2026-03-05');
      expect(rerunEntries).toHaveLength(rerun.body.appended);
      expect(new Set(rerunEntries.map((e) => e.period))).toEqual(new Set(['2026-03']));
      const again = await svc().admin('POST', '/v1/admin/revenue/close', { day: '2026-02-28' });
      expect(again.body.appended).toBe(0);
    });
  },
  { clock },
);
