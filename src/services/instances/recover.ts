/**
 * Recovery: work whose owner is gone is taken over, at start and on every heartbeat of every instance.
 * 1. Live instances whose lease lapsed (database time) are declared taken over; their delivery leases are dropped.
 * 2. Each orphaned deployment is taken over under the next fencing token, stopped where it may still run
 *    (its process group, on this host), and, by TAI_ORPHANED_DEPLOYMENTS, either recorded rolled_back
 *    through the deployment machine (receipt, notification, capacity released, working directories
 *    removed) or left to an operator (`orphan`: capacity held, its ownership kept by this instance so its
 *    host stays known, resolved by POST /v1/admin/deployments/{id}/resolve). Its command is never run again.
 * 3. Each orphaned idempotency claim is released, so a retry runs (or replays, had the operation committed).
 * Each takeover is audited in its transaction, counted and logged (domain/instance/ownership.ts).
 */
import type { OwnedWorkRow, WorkHold } from '../../adapters/store/interface.ts';
import { transition } from '../../domain/deployment/index.ts';
import { lapsedInstances, planOrphanedDeployment, takeoverEffects } from '../../domain/instance/ownership.ts';
import type { ServiceContext } from '../context.ts';
import { applyAfterCommit, applyInTransaction } from '../effects/apply-effects.ts';
import { nextReceiptId } from '../receipts/append-receipt.ts';
import type { InstanceIdentity } from './identity.ts';
import { actOnHost } from './on-host.ts';

export interface RecoverySummary {
  readonly instances: number;
  readonly deployments: number;
  readonly claims: number;
}

const BATCH = 100;

/** Declares every lapsed instance taken over by `me`; returns how many. */
const endLapsed = async (ctx: ServiceContext, me: InstanceIdentity): Promise<number> => {
  const done = await ctx.store.transaction(async (tx) => {
    const now = await tx.databaseNow();
    const lapsed = lapsedInstances(await tx.liveInstances(), me.id, now, me.exclusive);
    const later = [];
    for (const i of lapsed) {
      if (!(await tx.endInstance(i.id, 'taken_over', me.id, now))) continue;
      await tx.releaseLeases(i.id);
      const overdue = now - i.leaseExpiresAt;
      const details = { host: i.host, pid: i.pid, leaseExpiredMsAgo: Math.max(0, overdue) };
      const fx = takeoverEffects({ kind: 'instance', id: i.id, customerId: null, from: i.id, by: me.id, details });
      later.push(...(await applyInTransaction(tx, ctx, fx)).later);
    }
    return { count: lapsed.length, later };
  });
  applyAfterCommit(ctx, done);
  return done.count;
};

/** Takes `w` over under the next fence, unless it changed hands meanwhile (another instance recovering it). */
const takeOver = (ctx: ServiceContext, w: OwnedWorkRow, me: InstanceIdentity): Promise<WorkHold | null> =>
  ctx.store.transaction(async (tx) => {
    await tx.forCustomer(w.customerId).lock();
    const owner = await tx.instance(w.owner);
    if (owner?.state === 'live') return null;
    const taken = await tx.takeOverWork('deployment', w.workId, { owner: w.owner, fence: w.fence }, me.id);
    return taken ? { owner: me.id, fence: w.fence + 1 } : null;
  });

const recoverDeployment = async (ctx: ServiceContext, w: OwnedWorkRow, me: InstanceIdentity): Promise<boolean> => {
  const hold = await takeOver(ctx, w, me);
  if (hold === null) return false;
  const stored = await ctx.store.read((r) => r.forCustomer(w.customerId).deployment(w.workId));
  const plan = planOrphanedDeployment(w, stored, { host: me.host }, me.orphans);
  // Outside any transaction: stopping the group and removing files are this machine's business.
  const onHost = await actOnHost(plan.actions, w.workId, me);
  const done = await ctx.store.transaction(async (tx) => {
    const scope = tx.forCustomer(w.customerId);
    await scope.lock();
    const current = await scope.deployment(w.workId);
    const effects = takeoverEffects({
      kind: 'deployment',
      id: w.workId,
      customerId: w.customerId,
      from: w.owner,
      by: me.id,
      details: { fence: hold.fence, state: current?.state ?? 'missing', ...onHost },
    });
    const inFlight = current !== undefined && (current.state === 'reserved' || current.state === 'running');
    const details = { takenOverFrom: w.owner, by: me.id };
    const left = inFlight && me.orphans === 'operator';
    if (inFlight && !left) {
      const event = {
        type: 'abandon',
        receiptId: await nextReceiptId(scope, ctx.clock),
        actor: 'system',
        note: plan.note,
        details,
      } as const;
      effects.push(...transition(current, event, ctx.clock.now()).effects);
    } else if (left && current.orphanedAt === null) {
      effects.push(...transition(current, { type: 'orphan', actor: 'system', details }, ctx.clock.now()).effects);
    }
    const applied = await applyInTransaction(tx, ctx, effects);
    // Left to an operator, it stays owned (by this instance now): its host, for its working directories.
    if (!left) await tx.finishWork('deployment', w.workId, hold);
    return applied;
  });
  applyAfterCommit(ctx, done);
  return true;
};

const releaseClaims = async (ctx: ServiceContext, me: InstanceIdentity): Promise<number> => {
  const claims = await ctx.store.read((r) => r.orphanedClaims(BATCH));
  let released = 0;
  for (const c of claims) {
    const done = await ctx.store.transaction(async (tx) => {
      if (!(await tx.releaseClaim(c))) return null;
      const fx = takeoverEffects({
        kind: 'idempotency_claim',
        id: c.key,
        customerId: c.customerId,
        from: c.owner,
        by: me.id,
      });
      return applyInTransaction(tx, ctx, fx);
    });
    if (done === null) continue;
    applyAfterCommit(ctx, done);
    released += 1;
  }
  return released;
};

/** One recovery pass; a failing piece of work is logged and retried on the next pass. */
export const recoverOrphans = async (ctx: ServiceContext, me: InstanceIdentity): Promise<RecoverySummary> => {
  const instances = await endLapsed(ctx, me);
  let deployments = 0;
  const orphans = await ctx.store.read((r) => r.orphanedWork(BATCH));
  for (const w of orphans) {
    try {
      if (await recoverDeployment(ctx, w, me)) deployments += 1;
    } catch (e) {
      ctx.logger.error({ err: e, deploymentId: w.workId, from: w.owner }, 'could not recover an orphaned deployment');
    }
  }
  const claims = await releaseClaims(ctx, me);
  return { instances, deployments, claims };
};
