/**
 * The ownership and recovery rules against a deliberately simple model, over random histories of
 * three instances in virtual database time: start, heartbeat (which recovers), pause (time passes),
 * claim and write owned work, claim and complete idempotency keys. After every step the store agrees
 * with the model on who is live, what work is owned by whom under which fence, and which claims are in
 * flight; a write or completion succeeds exactly when the model says the writer still holds the work.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstanceKeeper } from '../../../src/services/instances/keeper.ts';
import { ensureHeld } from '../../../src/services/instances/fence.ts';
import { sqliteFixture } from '../../support/stores.ts';
import { LEASE_MS, startLeaseRig, type LeaseRig } from './rig.ts';

type Step =
  | { readonly k: 'tick'; readonly i: number }
  | { readonly k: 'advance'; readonly ms: number }
  | { readonly k: 'claimWork'; readonly i: number; readonly w: number }
  | { readonly k: 'write'; readonly i: number; readonly w: number }
  | { readonly k: 'claimKey'; readonly i: number; readonly key: number }
  | { readonly k: 'complete'; readonly i: number; readonly key: number };

const who = fc.nat(2);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('tick' as const), i: who }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 8_000 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('claimWork' as const), i: who, w: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('write' as const), i: who, w: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('claimKey' as const), i: who, key: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('complete' as const), i: who, key: fc.nat(3) }) },
);

interface Model {
  readonly lease: Map<string, number>;
  readonly gone: Set<string>;
  readonly work: Map<string, { owner: string; fence: number }>;
  /** What each instance believes it holds. */
  readonly holds: Map<string, number>;
  readonly claims: Map<string, string>;
  /** Keys whose claim completed: they replay, never claimed again. */
  readonly done: Set<string>;
}

/** The rules, as plainly as they can be said: what a heartbeat by `me` at `now` does. */
const modelTick = (m: Model, me: string, now: number): 'lost' | 'ok' => {
  if (m.gone.has(me)) return 'lost';
  m.lease.set(me, now + LEASE_MS);
  for (const [id, until] of m.lease) if (id !== me && !m.gone.has(id) && until <= now) m.gone.add(id);
  const live = (id: string): boolean => m.lease.has(id) && !m.gone.has(id);
  for (const [w, o] of [...m.work]) if (!live(o.owner)) m.work.delete(w);
  for (const [k, owner] of [...m.claims]) if (!live(owner)) m.claims.delete(k);
  return 'ok';
};

let run = 0;

// SQLite only: the same rules run on PostgreSQL in lease.test.ts, and a hundred histories there would be slow.
describe('ownership and recovery vs model (property, sqlite)', () => {
  const fixture = sqliteFixture();
  let started: LeaseRig | undefined;
  beforeAll(async () => {
    started = await startLeaseRig(await fixture.open());
  });
  afterAll(async () => {
    await started?.close();
    await fixture.cleanup();
  });
  const rig = (): LeaseRig => {
    if (started === undefined) throw new Error('rig not started');
    return started;
  };
  {
    it('agrees on liveness, ownership, fences and claims over random histories', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(stepArb, { minLength: 30, maxLength: 70 }), async (steps) => {
          const r = rig();
          const { store } = r.svc.service.ctx;
          const tag = `r${run++}x`;
          const ids = [0, 1, 2].map((i) => `ins_${tag}_${i}`);
          const m: Model = {
            lease: new Map(),
            gone: new Set(),
            work: new Map(),
            holds: new Map(),
            claims: new Map(),
            done: new Set(),
          };
          const keepers = new Map<string, InstanceKeeper>();
          const keyOf = (n: number): string => `${tag}-key-${n}`;
          const workOf = (n: number): string => `dep_${tag}_${n}`;
          for (const s of steps) {
            const me = 'i' in s ? (ids[s.i] ?? '') : '';
            switch (s.k) {
              case 'advance':
                r.advance(s.ms);
                break;
              case 'tick': {
                const keeper = keepers.get(me);
                if (keeper === undefined) {
                  keepers.set(me, (await r.start(me)).keeper);
                  modelTick(m, me, r.now());
                } else {
                  const expected = modelTick(m, me, r.now());
                  expect(await keeper.tick()).toSatisfy((x) => (expected === 'lost' ? x === null : x !== null));
                }
                break;
              }
              case 'claimWork': {
                const w = workOf(s.w);
                if (!keepers.has(me) || m.work.has(w) || m.holds.has(`${me}/${w}`)) break;
                await store.transaction((tx) =>
                  tx.claimWork({
                    kind: 'deployment',
                    workId: w,
                    customerId: r.customerId,
                    owner: me,
                    fence: 1,
                    host: 'elsewhere',
                    pid: null,
                    pgid: null,
                    claimedAt: r.now(),
                  }),
                );
                m.work.set(w, { owner: me, fence: 1 });
                m.holds.set(`${me}/${w}`, 1);
                break;
              }
              case 'write': {
                const w = workOf(s.w);
                const fence = m.holds.get(`${me}/${w}`);
                if (fence === undefined) break;
                const ok = await store
                  .transaction((tx) => ensureHeld(tx, 'deployment', w, { owner: me, fence }))
                  .then(
                    () => true,
                    () => false,
                  );
                const current = m.work.get(w);
                expect(ok).toBe(current?.owner === me && current.fence === fence);
                break;
              }
              case 'claimKey': {
                const key = keyOf(s.key);
                if (!keepers.has(me)) break;
                const claimed = await store.transaction((tx) =>
                  tx.forCustomer(r.customerId).claimIdempotencyKey({
                    key,
                    fingerprint: 'f',
                    state: 'in_flight',
                    statusCode: null,
                    response: null,
                    createdAt: new Date(r.now()).toISOString(),
                    expiresAt: new Date(r.now() + 86_400_000).toISOString(),
                    owner: me,
                  }),
                );
                const free = !m.claims.has(key) && !m.done.has(key);
                expect(claimed).toBe(free);
                if (claimed) m.claims.set(key, me);
                break;
              }
              case 'complete': {
                const key = keyOf(s.key);
                const ok = await store.transaction((tx) =>
                  tx.forCustomer(r.customerId).completeIdempotencyKey(key, 200, '{}', me),
                );
                expect(ok).toBe(m.claims.get(key) === me);
                if (ok) {
                  m.claims.delete(key);
                  m.done.add(key);
                }
                break;
              }
            }
            // The store and the model agree after every step.
            const live = (await store.read((x) => x.liveInstances())).map((i) => i.id).filter((id) => id.includes(tag));
            expect(live.sort()).toEqual([...m.lease.keys()].filter((id) => !m.gone.has(id)).sort());
            for (let n = 0; n < 4; n++) {
              const row = await store.read((x) => x.ownedWork('deployment', workOf(n)));
              const want = m.work.get(workOf(n));
              expect(row === undefined ? undefined : { owner: row.owner, fence: row.fence }).toEqual(want);
            }
          }
          // Whatever happened, a heartbeat by a live instance leaves no work or claim with a gone owner.
          const survivor = [...keepers].find(([id]) => !m.gone.has(id));
          if (survivor !== undefined) {
            await survivor[1].tick();
            const orphans = await store.read((x) => x.orphanedWork(100));
            expect(orphans.filter((o) => o.workId.includes(tag))).toEqual([]);
            const claims = await store.read((x) => x.orphanedClaims(100));
            expect(claims.filter((c) => c.key.startsWith(tag))).toEqual([]);
          }
          for (const k of keepers.values()) await k.stop();
        }),
        { numRuns: 25 },
      );
    });
  }
});
