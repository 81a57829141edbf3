import { afterAll, describe, expect, it } from 'vitest';
import { storeFixtures } from '../../../test/support/stores.ts';
import type { Store } from '../../adapters/store/interface.ts';
import { ManualClock } from '../../domain/shared/clock.ts';
import type { ServiceContext } from '../context.ts';
import type { SchedulerTimers } from '../lifecycle/scheduler.ts';
import { IDEMPOTENCY_TTL_MS, runIdempotent } from './run-idempotent.ts';
import { IDEMPOTENCY_SWEEP_EVERY_MS, startIdempotencySweeper, sweepExpiredIdempotencyKeys } from './sweep.ts';

const CUSTOMER = 'cus_01sweepsweepsweepsweepswee';
const HOUR = 3_600_000;

for (const fixture of storeFixtures()) {
  describe.skipIf(!fixture.available)(`idempotency key sweep (${fixture.name})`, () => {
    afterAll(() => fixture.cleanup());

    const setup = async () => {
      const store: Store = await fixture.open();
      const clock = new ManualClock('2026-11-25T12:00:00Z');
      await store.transaction((tx) =>
        tx.insertCustomer({
          id: CUSTOMER,
          name: 'S',
          contactEmail: 's@example.com',
          mode: 'pilot',
          createdAt: 'x',
          updatedAt: 'x',
        }),
      );
      const ctx = { store, clock } as unknown as ServiceContext;
      const use = (key: string) =>
        runIdempotent(ctx, { customerId: CUSTOMER, key, method: 'POST', path: '/v1/x', body: {} }, () =>
          Promise.resolve({ statusCode: 201, body: { key } }),
        );
      const held = (key: string) => store.transaction((tx) => tx.forCustomer(CUSTOMER).idempotencyKey(key));
      return { store, clock, use, held };
    };

    it('deletes every expired record, in batches, and keeps the live ones replaying', async () => {
      const t = await setup();
      for (const key of ['a', 'b', 'c', 'd', 'e']) await t.use(key);
      t.clock.advance(12 * HOUR);
      await t.use('live');
      t.clock.advance(IDEMPOTENCY_TTL_MS - 12 * HOUR);
      expect(await sweepExpiredIdempotencyKeys(t, 2)).toBe(5);
      for (const key of ['a', 'b', 'c', 'd', 'e']) expect(await t.held(key)).toBeUndefined();
      expect(await t.use('live')).toMatchObject({ replayed: true });
      expect(await sweepExpiredIdempotencyKeys(t, 2)).toBe(0);
      await t.store.close();
    });

    it('sweeps on its timer, logs what it deleted or why it failed, and keeps going', async () => {
      const t = await setup();
      await t.use('old');
      t.clock.advance(IDEMPOTENCY_TTL_MS);
      const armed: { fn: () => void; ms: number }[] = [];
      const timers: SchedulerTimers = {
        setTimeout: (fn, ms) => armed.push({ fn, ms }),
        clearTimeout: () => undefined,
      };
      const logged: { msg: string; obj: Readonly<Record<string, unknown>> }[] = [];
      const log = {
        info: (obj: Readonly<Record<string, unknown>>, msg: string) => logged.push({ obj, msg }),
        error: (obj: Readonly<Record<string, unknown>>, msg: string) => logged.push({ obj, msg }),
      };
      let failNext = true;
      const flaky: Store = {
        ...t.store,
        transaction: (fn) =>
          failNext ? ((failNext = false), Promise.reject(new Error('disk full'))) : t.store.transaction(fn),
      };
      const sweeper = startIdempotencySweeper({ store: flaky, clock: t.clock }, log, timers);
      const armedCount = async (n: number): Promise<void> => {
        for (let i = 0; i < 1000 && armed.length < n; i++) await new Promise((r) => setImmediate(r));
        expect(armed).toHaveLength(n);
      };
      expect(armed.map((a) => a.ms)).toEqual([IDEMPOTENCY_SWEEP_EVERY_MS]);
      armed[0]?.fn(); // fails, is logged, and the next sweep is armed
      await armedCount(2);
      armed[1]?.fn(); // deletes the expired record
      await armedCount(3);
      await sweeper.stop();
      expect(logged).toEqual([
        { msg: expect.stringMatching(/sweep failed/), obj: { err: expect.any(Error) } },
        { msg: 'expired idempotency keys deleted', obj: { deleted: 1 } },
      ]);
      expect(await t.held('old')).toBeUndefined();
      await t.store.close();
    });
  });
}
