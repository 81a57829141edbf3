/**
 * The close scheduled in `serve`, in virtual time: armed for ten minutes past the next UTC midnight, it
 * closes the day that has just ended, then arms itself for the next night; a stopped closer fires no more.
 */
import { expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { msUntilNextClose, startRevenueCloser } from '../../src/services/revenue/schedule-close.ts';
import { termsDoc } from '../support/revenue.ts';
import { describeService, onboard } from '../support/service.ts';

const clock = new ManualClock('2026-01-31T12:00:00.000Z');

it('waits until ten past the next midnight', () => {
  expect(msUntilNextClose(Date.parse('2026-01-31T12:00:00.000Z'))).toBe(12 * 3_600_000 + 600_000);
  expect(msUntilNextClose(Date.parse('2026-01-31T00:05:00.000Z'))).toBe(300_000);
  expect(msUntilNextClose(Date.parse('2026-01-31T00:10:00.000Z'))).toBe(86_400_000);
});

describeService(
  'the scheduled revenue close',
  (svc) => {
    it('closes each day after it ends, in virtual time', async () => {
      clock.set('2026-01-31T12:00:00.000Z');
      const c = await onboard(svc(), 'Nightly');
      expect((await svc().admin('PUT', `/v1/admin/customers/${c.id}/revenue-terms`, termsDoc())).status).toBe(201);
      const armed: { fn: () => void; ms: number }[] = [];
      const timers = {
        setTimeout: (fn: () => void, ms: number) => armed.push({ fn, ms }),
        clearTimeout: () => undefined,
      };
      const errors: unknown[] = [];
      const closer = startRevenueCloser(svc().service.ctx, { error: (o) => errors.push(o) }, timers);
      expect(armed.map((a) => a.ms)).toEqual([12 * 3_600_000 + 600_000]);
      clock.advance(armed[0]?.ms ?? 0);
      armed[0]?.fn();
      await closer.idle();
      const entries = await svc().service.ctx.store.scope(c.id).revenueEntries();
      expect(entries.map((e) => [e.kind, e.bookedOn, e.amount])).toEqual([
        ['billing', '2026-01-31', '12000.00'],
        ['recognition', '2026-01-31', '1000.00'],
      ]);
      expect(armed.map((a) => a.ms)).toEqual([12 * 3_600_000 + 600_000, 86_400_000]);
      await closer.stop();
      expect(errors).toEqual([]);
    });
  },
  { clock },
);
