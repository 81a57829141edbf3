/**
 * Keeps this process's instance row: registers it at start (logging the unfinished work it finds),
 * renews its lease every third of the lease, and runs a recovery pass after each renewal, so work
 * whose owner is gone is taken over by whichever instance notices first. A renewal that finds the
 * row no longer live means another instance declared this one gone and took its work: `onLost` runs.
 */
import { leaseUntil, renewEveryMs } from '../../domain/instance/ownership.ts';
import type { SchedulerTimers } from '../lifecycle/scheduler.ts';
import type { ServiceContext } from '../context.ts';
import type { InstanceIdentity } from './identity.ts';
import { recoverOrphans, type RecoverySummary } from './recover.ts';

export interface InstanceKeeper {
  readonly identity: InstanceIdentity;
  /** Renews the lease and recovers orphaned work now (tests in virtual time; the timer does the same). */
  tick(): Promise<RecoverySummary | null>;
  /** Marks the instance stopped: anything it still owned is recovered by the next instance at once. */
  stop(): Promise<void>;
}

/** What the first pass found and recovered, and the other instances whose work waits for their lease. */
const logUnfinished = async (ctx: ServiceContext, me: InstanceIdentity, found: RecoverySummary | null) => {
  const others = await ctx.store.read(async (r) => (await r.liveInstances()).filter((i) => i.id !== me.id));
  const recovered = found ?? { instances: 0, deployments: 0, claims: 0 };
  const any = recovered.deployments + recovered.claims > 0;
  ctx.logger.info(
    {
      instance: me.id,
      leaseMs: me.leaseMs,
      goneInstances: recovered.instances,
      orphanedDeployments: recovered.deployments,
      orphanedIdempotencyClaims: recovered.claims,
      otherLiveInstances: others.map((i) => ({ id: i.id, host: i.host, leaseExpiresAt: i.leaseExpiresAt })),
    },
    any ? 'unfinished work found at start: recovered' : 'no unfinished work found at start',
  );
};

export const startInstance = async (
  ctx: ServiceContext,
  me: InstanceIdentity,
  timers: SchedulerTimers,
  onLost: () => void,
): Promise<InstanceKeeper> => {
  await ctx.store.transaction(async (tx) => {
    const now = await tx.databaseNow();
    await tx.registerInstance({
      id: me.id,
      host: me.host,
      pid: me.pid,
      startedAt: now,
      heartbeatAt: now,
      leaseExpiresAt: leaseUntil(now, me.leaseMs),
    });
  });
  let lost = false;
  let stopped = false;
  let handle: unknown = null;
  let running: Promise<RecoverySummary | null> = Promise.resolve(null);

  const renew = (): Promise<boolean> =>
    ctx.store.transaction(async (tx) => {
      const now = await tx.databaseNow();
      return tx.renewInstance(me.id, now, leaseUntil(now, me.leaseMs));
    });

  const pass = async (): Promise<RecoverySummary | null> => {
    if (lost) return null;
    if (!(await renew())) {
      lost = true;
      ctx.logger.error(
        { instance: me.id },
        'this instance was declared gone by another (its lease lapsed) and its work was taken over',
      );
      onLost();
      return null;
    }
    const summary = await recoverOrphans(ctx, me);
    if (summary.instances + summary.deployments + summary.claims > 0)
      ctx.logger.info({ instance: me.id, ...summary }, 'recovered work of gone instances');
    return summary;
  };

  const tick = (): Promise<RecoverySummary | null> => {
    running = running.then(pass, pass).catch((err: unknown) => {
      ctx.logger.error({ err, instance: me.id }, 'instance heartbeat or recovery failed; trying again');
      return null;
    });
    return running;
  };

  const arm = (): void => {
    handle = timers.setTimeout(() => {
      void tick().then(() => {
        if (!stopped && !lost) arm();
      });
    }, renewEveryMs(me.leaseMs));
  };

  await logUnfinished(ctx, me, await tick());
  arm();
  return {
    identity: me,
    tick,
    stop: async () => {
      stopped = true;
      timers.clearTimeout(handle);
      await running;
      await ctx.store.transaction(async (tx) => {
        await tx.endInstance(me.id, 'stopped', me.id, await tx.databaseNow());
      });
    },
  };
};
