/**
 * Leases in virtual time (the database clock is the test's): an instance that stops renewing keeps its
 * work until its lease lapses, then another takes over its owned deployment (next fence) and releases its
 * idempotency claim; the paused instance can no longer write either, and learns it was declared gone.
 */
import { expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors/domain-error.ts';
import { ensureHeld } from '../../../src/services/instances/fence.ts';
import { describePerStore } from '../../support/stores.ts';
import { LEASE_MS, startLeaseRig } from './rig.ts';

describePerStore('instance leases in database time', startLeaseRig, (rig) => {
  it('keeps a paused instance’s work until its lease lapses, then takes it over and fences the old owner', async () => {
    const r = rig();
    const { store } = r.svc.service.ctx;
    const a = await r.start('ins_lease_a');
    const b = await r.start('ins_lease_b');
    const hold = { owner: 'ins_lease_a', fence: 1 };
    await store.transaction(async (tx) => {
      await tx.claimWork({
        kind: 'deployment',
        workId: 'dep_lease_work',
        customerId: r.customerId,
        owner: hold.owner,
        fence: 1,
        host: 'elsewhere',
        pid: null,
        pgid: null,
        claimedAt: r.now(),
      });
      const claimed = await tx.forCustomer(r.customerId).claimIdempotencyKey({
        key: 'lease-key',
        fingerprint: 'f',
        state: 'in_flight',
        statusCode: null,
        response: null,
        createdAt: new Date(r.now()).toISOString(),
        expiresAt: new Date(r.now() + 86_400_000).toISOString(),
        owner: hold.owner,
      });
      expect(claimed).toBe(true);
    });

    // A pauses. Just before its lease lapses nothing is taken.
    r.advance(LEASE_MS - 1);
    expect(await b.keeper.tick()).toEqual({ instances: 0, deployments: 0, claims: 0 });
    await store.transaction((tx) => ensureHeld(tx, 'deployment', 'dep_lease_work', hold));
    // At the lease's end B declares A gone and takes over its work.
    r.advance(1);
    expect(await b.keeper.tick()).toEqual({ instances: 1, deployments: 1, claims: 1 });
    expect((await store.read((x) => x.instance('ins_lease_a')))?.state).toBe('taken_over');
    expect(await store.read((x) => x.ownedWork('deployment', 'dep_lease_work'))).toBeUndefined();
    expect(await store.transaction((tx) => tx.forCustomer(r.customerId).idempotencyKey('lease-key'))).toBeUndefined();
    const audit = await store.read((x) => x.auditEvents({ limit: 500 }));
    expect(audit.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'instance.takeover.instance',
        'instance.takeover.deployment',
        'instance.takeover.idempotency_claim',
      ]),
    );

    // A wakes: every write under its old hold is refused, and its next heartbeat finds it gone.
    const fenced = await store
      .transaction((tx) => ensureHeld(tx, 'deployment', 'dep_lease_work', hold))
      .catch((e: unknown) => e);
    expect(fenced).toBeInstanceOf(DomainError);
    expect((fenced as DomainError).code).toBe('TAI-INSTANCE-FENCED');
    const completed = await store.transaction((tx) =>
      tx.forCustomer(r.customerId).completeIdempotencyKey('lease-key', 200, '{}', hold.owner),
    );
    expect(completed).toBe(false);
    expect(await a.keeper.tick()).toBeNull();
    expect(a.lost()).toBe(1);
    // B renews every third of the lease and stays live however long it runs.
    for (let i = 0; i < 6; i++) {
      r.advance(Math.floor(LEASE_MS / 3));
      expect(await b.keeper.tick()).not.toBeNull();
    }
    expect((await store.read((x) => x.liveInstances())).map((i) => i.id)).toEqual(['ins_lease_b']);
    await b.keeper.stop();
    expect((await store.read((x) => x.instance('ins_lease_b')))?.state).toBe('stopped');
  });
});
