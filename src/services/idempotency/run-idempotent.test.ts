import { afterAll, describe, expect, it } from 'vitest';
import { storeFixtures } from '../../../test/support/stores.ts';
import type { Store } from '../../adapters/store/interface.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { ManualClock } from '../../domain/shared/clock.ts';
import type { ServiceContext } from '../context.ts';
import type { SchedulerTimers } from '../lifecycle/scheduler.ts';
import { fingerprintOf, IDEMPOTENCY_TTL_MS, IN_FLIGHT_TAKEOVER_MS, runIdempotent } from './run-idempotent.ts';
import { IDEMPOTENCY_SWEEP_EVERY_MS, startIdempotencySweeper, sweepExpiredIdempotencyKeys } from './sweep.ts';

const CUSTOMER = 'cus_01idemidemidemidemidemidemi';
const HOUR = 3_600_000;
const held = (store: Store, key: string) => store.transaction((tx) => tx.forCustomer(CUSTOMER).idempotencyKey(key));

for (const fixture of storeFixtures()) {
  describe.skipIf(!fixture.available)(`idempotency keys (${fixture.name})`, () => {
    afterAll(() => fixture.cleanup());

    const setup = async () => {
      const store: Store = await fixture.open();
      const clock = new ManualClock('2026-11-25T12:00:00Z');
      await store.transaction((tx) =>
        tx.insertCustomer({
          id: CUSTOMER,
          name: 'I',
          contactEmail: 'i@example.com',
          mode: 'pilot',
          createdAt: 'x',
          updatedAt: 'x',
        }),
      );
      const ctx = { store, clock } as unknown as ServiceContext;
      let executions = 0;
      const op = async (tx: Parameters<Parameters<Store['transaction']>[0]>[0]) => {
        executions++;
        await tx.putSetting(`op-${executions}`, 'done');
        return { statusCode: 201, body: { execution: executions } };
      };
      const req = (key: string | undefined, body: unknown = { a: 1 }) => ({
        customerId: CUSTOMER,
        key,
        method: 'POST',
        path: '/v1/x',
        body,
      });
      return { store, clock, ctx, op, req, executions: () => executions };
    };

    it('runs once per key and replays the first response for the same request', async () => {
      const t = await setup();
      const first = await runIdempotent(t.ctx, t.req('k-1'), t.op);
      const again = await runIdempotent(t.ctx, t.req('k-1', { a: 1 }), t.op);
      expect(first).toEqual({ response: { statusCode: 201, body: { execution: 1 } }, replayed: false });
      expect(again).toEqual({ response: { statusCode: 201, body: { execution: 1 } }, replayed: true });
      await runIdempotent(t.ctx, t.req(undefined), t.op);
      await runIdempotent(t.ctx, t.req(undefined), t.op);
      expect(t.executions()).toBe(3);
      await t.store.close();
    });

    it('refuses the key with another body (422), while in flight (409), and malformed keys (400)', async () => {
      const t = await setup();
      await runIdempotent(t.ctx, t.req('k-2'), t.op);
      await expect(runIdempotent(t.ctx, t.req('k-2', { a: 2 }), t.op)).rejects.toMatchObject({
        code: 'TAI-IDEMPOTENCY-MISMATCH',
      });
      await t.store.transaction((tx) =>
        tx.forCustomer(CUSTOMER).claimIdempotencyKey({
          key: 'busy',
          fingerprint: fingerprintOf(t.req('busy')),
          state: 'in_flight',
          statusCode: null,
          response: null,
          createdAt: new Date(t.clock.now()).toISOString(),
          expiresAt: new Date(t.clock.now() + IDEMPOTENCY_TTL_MS).toISOString(),
        }),
      );
      await expect(runIdempotent(t.ctx, t.req('busy'), t.op)).rejects.toMatchObject({
        code: 'TAI-IDEMPOTENCY-IN-FLIGHT',
      });
      await expect(runIdempotent(t.ctx, t.req('bad key with spaces'), t.op)).rejects.toMatchObject({
        code: 'TAI-IDEMPOTENCY-KEY-INVALID',
      });
      expect(t.executions()).toBe(1);
      // A claim abandoned by a request that died is taken over after the takeover time.
      t.clock.advance(IN_FLIGHT_TAKEOVER_MS);
      expect((await runIdempotent(t.ctx, t.req('busy'), t.op)).replayed).toBe(false);
      expect(t.executions()).toBe(2);
      await t.store.close();
    });

    it('keeps keys 24 hours, and a failed request does not consume its key', async () => {
      const t = await setup();
      await runIdempotent(t.ctx, t.req('k-3'), t.op);
      t.clock.advance(IDEMPOTENCY_TTL_MS - 1);
      expect((await runIdempotent(t.ctx, t.req('k-3'), t.op)).replayed).toBe(true);
      t.clock.advance(1);
      expect((await runIdempotent(t.ctx, t.req('k-3', { new: true }), t.op)).replayed).toBe(false);

      const failing = () => Promise.reject(new DomainError('TAI-CONTRACT-NOT-FOUND'));
      await expect(runIdempotent(t.ctx, t.req('k-4'), failing)).rejects.toMatchObject({
        code: 'TAI-CONTRACT-NOT-FOUND',
      });
      expect((await runIdempotent(t.ctx, t.req('k-4'), t.op)).replayed).toBe(false);
      await t.store.close();
    });

    it('answers concurrent first requests under one key with one execution', async () => {
      const t = await setup();
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => runIdempotent(t.ctx, t.req('race'), t.op)),
      );
      expect(t.executions()).toBe(1);
      for (const r of results) {
        if (r.status === 'fulfilled') expect(r.value.response.body).toEqual({ execution: 1 });
        else expect(r.reason).toMatchObject({ code: 'TAI-IDEMPOTENCY-IN-FLIGHT' });
      }
      await t.store.close();
    });

    it('deletes every expired record, in batches, and keeps the live ones replaying', async () => {
      const t = await setup();
      for (const key of ['a', 'b', 'c', 'd', 'e']) await runIdempotent(t.ctx, t.req(key), t.op);
      t.clock.advance(12 * HOUR);
      await runIdempotent(t.ctx, t.req('live'), t.op);
      t.clock.advance(IDEMPOTENCY_TTL_MS - 12 * HOUR);
      expect(await sweepExpiredIdempotencyKeys(t.ctx, 2)).toBe(5);
      for (const key of ['a', 'b', 'c', 'd', 'e']) expect(await held(t.store, key)).toBeUndefined();
      expect(await runIdempotent(t.ctx, t.req('live'), t.op)).toMatchObject({ replayed: true });
      expect(await sweepExpiredIdempotencyKeys(t.ctx, 2)).toBe(0);
      await t.store.close();
    });

    it('sweeps on its timer, logs what it deleted or why it failed, and keeps going', async () => {
      const t = await setup();
      await runIdempotent(t.ctx, t.req('old'), t.op);
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
      expect(armed.map((a) => a.ms)).toEqual([IDEMPOTENCY_SWEEP_EVERY_MS]);
      armed[0]?.fn(); // fails, is logged, and the next sweep is armed
      await sweeper.idle();
      expect(armed).toHaveLength(2);
      armed[1]?.fn(); // deletes the expired record
      await sweeper.idle();
      expect(armed).toHaveLength(3);
      await sweeper.stop();
      expect(logged).toEqual([
        { msg: expect.stringMatching(/sweep failed/), obj: { err: expect.any(Error) } },
        { msg: 'expired idempotency keys deleted', obj: { deleted: 1 } },
      ]);
      expect(await held(t.store, 'old')).toBeUndefined();
      await t.store.close();
    });
  });
}
