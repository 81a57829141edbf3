/**
 * Wiring for several instances on one PostgreSQL: the fleet port the store URL implies, the shared
 * insurer budget, the change follower and the keyring reload log. On SQLite all of it is the
 * single-instance no-op.
 */
import { openPostgresFleet } from '../adapters/fleet/postgres.ts';
import type { FleetPort } from '../adapters/fleet/interface.ts';
import { singleInstanceFleet } from '../adapters/fleet/single.ts';
import { SharedBudget } from '../adapters/insurer/policies/shared-budget.ts';
import type { Logger } from '../adapters/logger/interface.ts';
import type { Metrics } from '../adapters/metrics/interface.ts';
import { sqliteFileOf } from '../adapters/store/open.ts';
import type { Store } from '../adapters/store/interface.ts';
import type { Config } from '../config/schema.ts';
import { DEFAULT_INSURER_POLICY } from '../domain/insurance/policy.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { ServiceContext } from '../services/context.ts';
import { ChangeFollower } from '../services/fleet/follow-changes.ts';
import type { SchedulerTimers } from '../services/lifecycle/scheduler.ts';

/** PostgreSQL from TAI_DB_URL means possibly several instances; a store passed in (tests) is one instance's. */
export const openFleet = (config: Config, store: Store | undefined): FleetPort =>
  store === undefined && config.dbUrl !== undefined && sqliteFileOf(config.dbUrl, config.dataDir) === null
    ? openPostgresFleet({ url: config.dbUrl })
    : singleInstanceFleet;

export const sharedInsurerBudget = (fleet: FleetPort, clock: Clock, metrics: Metrics, logger: Logger): SharedBudget =>
  new SharedBudget({
    take: (limit, windowMs) => fleet.takeInsurerCall(limit, windowMs),
    limit: DEFAULT_INSURER_POLICY.rateLimitPerWindow,
    windowMs: DEFAULT_INSURER_POLICY.rateLimitWindowMs,
    clock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    metrics,
    onUnavailable: (e) =>
      logger.warn({ err: e }, 'shared insurer budget unreachable; the local rate limiter alone applies'),
  });

export const keysReloaded =
  (logger: Logger) =>
  (outcome: { readonly ok: boolean; readonly error?: unknown }): void => {
    if (outcome.ok) logger.info({ event: 'receipt_keys_reloaded' }, 'receipt keyring changed on disk; reloaded');
    else
      logger.error(
        { err: outcome.error },
        'receipt keyring changed on disk but cannot be read; keeping the keys in use',
      );
  };

/** Starts following the other instances' changes (nothing to follow on a single instance). */
export const followFleet = async (ctx: ServiceContext, timers: SchedulerTimers): Promise<ChangeFollower> => {
  const follower = new ChangeFollower(ctx, ctx.fleet ?? singleInstanceFleet, timers);
  await follower.start();
  return follower;
};
