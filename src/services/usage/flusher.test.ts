/** The accumulator and its flusher over both stores, in virtual time: the timer is driven by the test. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../adapters/store/interface.ts';
import { storeFixtures } from '../../../test/support/stores.ts';
import { ManualClock } from '../../domain/shared/clock.ts';
import { UsageAccumulator } from './accumulator.ts';
import { startUsageFlusher, USAGE_FLUSH_EVERY_MS } from './flusher.ts';

/** Timers that fire only when the test says so. */
const manualTimers = () => {
  const armed = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  return {
    setTimeout: (fn: () => void, ms: number) => {
      armed.set(++next, { fn, ms });
      return next;
    },
    clearTimeout: (h: unknown) => void armed.delete(h as number),
    armed,
    fire(): void {
      const entries = [...armed.entries()];
      armed.clear();
      for (const [, t] of entries) t.fn();
    },
  };
};

const silentLog = { error: () => undefined };
const KIND = 'POST /v1/marketplace/publish';

for (const fixture of storeFixtures()) {
  describe.skipIf(!fixture.available)(`usage flush (${fixture.name})`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await fixture.open();
      await store.transaction(async (tx) => {
        for (const id of ['cus_u1', 'cus_u2']) {
          await tx.insertCustomer({
            id,
            name: id,
            contactEmail: `${id}@example.com`,
            mode: 'pilot',
            createdAt: '2026-01-01T00:00:00.000Z',
            updatedAt: '2026-01-01T00:00:00.000Z',
          });
        }
      });
    });
    afterAll(async () => {
      await store.close();
      await fixture.cleanup();
    });

    it('flushes every interval of virtual time, adding to the hour rows, and once more at stop', async () => {
      const clock = new ManualClock('2026-03-01T09:59:00Z');
      const usage = new UsageAccumulator();
      const timers = manualTimers();
      const flusher = startUsageFlusher(store, usage, silentLog, timers);
      expect([...timers.armed.values()].map((t) => t.ms)).toEqual([USAGE_FLUSH_EVERY_MS]);

      usage.record('cus_u1', KIND, 201, 3, clock.now());
      usage.record('cus_u1', KIND, 422, 1, clock.now());
      clock.advance(30_000);
      usage.record('cus_u2', KIND, 500, 2000, clock.now());
      timers.fire();
      await flusher.idle();
      expect(usage.pending).toBe(0);
      expect(timers.armed.size).toBe(1); // re-armed

      clock.advance(60_000); // 10:00:30, a new hour
      usage.record('cus_u1', KIND, 201, 5, clock.now());
      usage.record('cus_u1', KIND, 201, 3, Date.parse('2026-03-01T09:59:59Z'));
      await flusher.stop();
      expect(timers.armed.size).toBe(0);

      const cells = await store.read((r) => r.usageCells('cus_u1', '2026-03-01T00', '2026-03-02T00'));
      expect(cells.map((c) => [c.hour, c.requests, c.clientErrors, c.serverErrors])).toEqual([
        ['2026-03-01T09', 3, 1, 0],
        ['2026-03-01T10', 1, 0, 0],
      ]);
      expect(cells[0]?.buckets.reduce((a, b) => a + b, 0)).toBe(3);
      const other = await store.read((r) => r.usageCells('cus_u2', '2026-03-01T00', '2026-03-02T00'));
      expect(other.map((c) => [c.hour, c.requests, c.serverErrors])).toEqual([['2026-03-01T09', 1, 1]]);
    });

    it('never loses counts when two flushers add to the same row at once', async () => {
      const at = Date.parse('2026-03-02T12:00:00Z');
      const a = new UsageAccumulator();
      const b = new UsageAccumulator();
      for (let i = 0; i < 20; i++) {
        a.record('cus_u1', KIND, 200, 1, at);
        b.record('cus_u1', KIND, 200, 1, at);
      }
      const timers = manualTimers();
      const fa = startUsageFlusher(store, a, silentLog, timers);
      const fb = startUsageFlusher(store, b, silentLog, timers);
      await Promise.all([fa.stop(), fb.stop()]);
      const cells = await store.read((r) => r.usageCells('cus_u1', '2026-03-02T00', '2026-03-03T00'));
      expect(cells.map((c) => c.requests)).toEqual([40]);
    });

    it('keeps the cells of a failed flush for the next one', async () => {
      const usage = new UsageAccumulator();
      const at = Date.parse('2026-03-03T08:00:00Z');
      usage.record('cus_u1', KIND, 200, 1, at);
      let failures = 1;
      const flaky: Store = {
        ...store,
        transaction: (fn) => (failures-- > 0 ? Promise.reject(new Error('store down')) : store.transaction(fn)),
      };
      const errors: string[] = [];
      const flusher = startUsageFlusher(flaky, usage, { error: (_o, msg) => void errors.push(msg) }, manualTimers());
      await flusher.flush();
      expect(errors).toEqual(['usage flush failed; kept for the next flush']);
      usage.record('cus_u1', KIND, 200, 1, at);
      await flusher.stop();
      const cells = await store.read((r) => r.usageCells('cus_u1', '2026-03-03T00', '2026-03-04T00'));
      expect(cells.map((c) => c.requests)).toEqual([2]);
    });
  });
}
