/**
 * The one start-up module: config in, wired service out. Every port's implementation is chosen here
 * and nowhere else.
 */
import type { FastifyInstance } from 'fastify';
import { join, resolve } from 'node:path';
import { createCommandExecutor } from '../adapters/executor/command-executor.ts';
import type { DeploymentExecutor } from '../adapters/executor/interface.ts';
import { createRecordExecutor } from '../adapters/executor/record-executor.ts';
import { openFileKeyring } from '../adapters/keys/file-keyring.ts';
import { loadOrCreateSecret } from '../adapters/keys/secret-file.ts';
import { webhookSecretsKey } from '../adapters/keys/sealed-secret.ts';
import { probeReachability } from '../adapters/insurer/reachability.ts';
import { createHttpInsurerClient } from '../adapters/insurer/http-client.ts';
import type { InsurerClient } from '../adapters/insurer/interface.ts';
import { unconfiguredInsurer } from '../adapters/insurer/unconfigured.ts';
import type { Logger } from '../adapters/logger/interface.ts';
import { createPinoLogger } from '../adapters/logger/pino.ts';
import type { Metrics } from '../adapters/metrics/interface.ts';
import { noopMetrics } from '../adapters/metrics/noop.ts';
import { closeChannels, createChannels } from '../adapters/notifier/channels/table.ts';
import { Secret } from '../adapters/notifier/channels/secret.ts';
import { createOutboxNotifier, type OutboxNotifier } from '../adapters/notifier/outbox.ts';
import { openStore } from '../adapters/store/open.ts';
import type { Store } from '../adapters/store/interface.ts';
import type { Config } from '../config/schema.ts';
import { makeLifecyclePolicy, type RandomSource } from '../domain/certificate/index.ts';
import { defaultLifecyclePolicy } from '../domain/certificate/policy.ts';
import { systemClock, type Clock } from '../domain/shared/clock.ts';
import { buildHttpApp } from '../edges/http/app.ts';
import { ensureAdminToken } from '../services/auth/admin-token.ts';
import { CredentialFailures } from '../services/auth/credential-failures.ts';
import { AuthFailureThrottle } from '../services/auth/failure-throttle.ts';
import type { ServiceContext } from '../services/context.ts';
import { cachedCheck } from '../services/health/cached-check.ts';
import { HealthRegistry } from '../services/health/registry.ts';
import { readOnlyBanner } from '../services/lifecycle/authorize.ts';
import { LifecycleScheduler, realTimers, type SchedulerTimers } from '../services/lifecycle/scheduler.ts';
import { startIdempotencySweeper } from '../services/idempotency/sweep.ts';
import { startRevenueCloser } from '../services/revenue/schedule-close.ts';
import type { BackupSchedule } from '../services/backup/schedule.ts';
import { startScheduledBackups } from './backups.ts';
import { LifecycleState } from '../services/lifecycle/state.ts';
import { RunningDeployments } from '../services/operations/running.ts';
import { loadLifecycleState } from '../services/lifecycle/load-lifecycle-state.ts';
import { createWitnessSubmitter } from '../services/receipts/submit-to-witnesses.ts';
import type { WitnessClient } from '../adapters/witness/interface.ts';
import { witnessClientsFrom } from './witnesses.ts';
import { DeliveryWorker } from '../services/delivery/worker.ts';
import { sqliteFileOf } from '../adapters/store/open.ts';
import { acquireInstanceLock, type InstanceLock } from '../adapters/store/sqlite/instance-lock.ts';
import { newInstanceIdentity } from '../services/instances/identity.ts';
import { startInstance, type InstanceKeeper } from '../services/instances/keeper.ts';
import { sealStoredWebhookSecrets } from '../services/webhooks/seal-stored-secrets.ts';
import { UsageAccumulator } from '../services/usage/accumulator.ts';
import { startUsageFlusher, type UsageFlusher } from '../services/usage/flusher.ts';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { tracingOn } from '../adapters/tracing/spans.ts';
import { tracedInsurer } from '../adapters/tracing/insurer.ts';
import { tracedStore } from '../adapters/tracing/store.ts';
import { startTelemetry, type Telemetry } from './telemetry.ts';
import type { FleetPort } from '../adapters/fleet/interface.ts';
import { watchKeyring } from '../adapters/keys/watched-keyring.ts';
import { followFleet, keysReloaded, openFleet, sharedInsurerBudget } from './fleet.ts';

interface StartOptions {
  readonly clock?: Clock;
  /** Use this insurer client instead of one built from config (tests). */
  readonly insurer?: InsurerClient;
  /** Randomness for jitter (tests pass a seeded source). */
  readonly random?: RandomSource;
  /** How the lifecycle waits between insurer polls (tests: virtual time). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Use this store instead of opening one from config (tests). */
  readonly store?: Store;
  /** Where log lines go (default stdout). */
  readonly logStream?: NodeJS.WritableStream;
  /** Use this logger instead of one built from config (CLI commands pass a silent one). */
  readonly logger?: Logger;
  /** Use these metrics instead of the configured ones (tests read an in-memory registry). */
  readonly metrics?: Metrics;
  /**
   * Timers of the lifecycle scheduler and the idempotency sweep (tests pass ones that never fire, and drive
   * the scheduler with runDue).
   */
  readonly schedulerTimers?: SchedulerTimers;
  /** Use these witnesses instead of the ones TAI_WITNESSES configures (tests: in-memory witnesses). */
  readonly witnesses?: readonly WitnessClient[];
  /** Create a missing receipt keyring and audit secret (default: outside production); maintenance commands never do. */
  readonly createKeys?: boolean;
  /**
   * Notification delivery: `owner` names this instance's leases (default: a random id per process);
   * `leaseMs` is how long a claimed delivery stays this instance's; `pollMs` the slow poll.
   */
  readonly delivery?: { readonly owner?: string; readonly leaseMs?: number; readonly pollMs?: number };
  /** false: no Prometheus registry and no /metrics (the bench's "telemetry off" side). */
  readonly exportMetrics?: boolean;
  /** Trace into this span processor (tests: an in-memory exporter) instead of as OTEL_* configures. */
  readonly spanProcessor?: SpanProcessor;
  /** Use this fleet port instead of the one the store URL implies (tests: a PostgreSQL schema). */
  readonly fleet?: FleetPort;
  /**
   * This instance among those sharing the store: `leaseMs` overrides TAI_INSTANCE_LEASE, `host` the host
   * name recovery compares (tests), `onLost` runs when another instance declared this one gone (tai serve
   * shuts down then). Default onLost: log only.
   */
  readonly instance?: { readonly leaseMs?: number; readonly host?: string; readonly onLost?: () => void };
}

export interface Service {
  readonly app: FastifyInstance;
  readonly ctx: ServiceContext;
  /** The admin token, only when it was generated during this start (print it once). */
  readonly generatedAdminToken: string | undefined;
  readonly scheduler: LifecycleScheduler;
  /** Scheduled backups (TAI_BACKUP_DIR), or null when not configured. */
  readonly backups: BackupSchedule | null;
  /** Delivers the notification outbox (tests drive it with runDue()). */
  readonly delivery: DeliveryWorker;
  /** This instance's heartbeat and recovery of gone instances' work (tests drive it with tick()). */
  readonly instance: InstanceKeeper;
  /** Customer usage counted on the request path, and its flusher to the store (tests call flush()). */
  readonly usage: { readonly accumulator: UsageAccumulator; readonly flusher: UsageFlusher };
  /** GET /metrics alone on TAI_METRICS_PORT (not listening yet), or null when it is on the API port. */
  readonly metricsApp: FastifyInstance | null;
  close(): Promise<void>;
}

const buildExecutors = (config: Config): Record<string, DeploymentExecutor> => ({
  record: createRecordExecutor(),
  ...(config.deployCommand === undefined
    ? {}
    : {
        command: createCommandExecutor({
          executable: config.deployCommand,
          timeoutMs: config.deployTimeoutMs,
          maxOutputBytes: config.deployMaxOutputBytes,
          workRoot: config.deployWorkDir ?? resolve(config.dataDir, 'deployments'),
          settingName: 'TAI_DEPLOY_COMMAND',
        }),
      }),
});

/** The ports every entry point (HTTP service, CLI commands) works through. */
export const buildContext = async (
  config: Config,
  options: Pick<
    StartOptions,
    | 'clock'
    | 'store'
    | 'insurer'
    | 'random'
    | 'sleep'
    | 'logger'
    | 'metrics'
    | 'logStream'
    | 'witnesses'
    | 'schedulerTimers'
    | 'createKeys'
    | 'fleet'
  > = {},
  notifier: OutboxNotifier = createOutboxNotifier(),
): Promise<ServiceContext> => {
  const clock = options.clock ?? systemClock;
  const logger =
    options.logger ??
    createPinoLogger({
      level: config.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      traced: tracingOn(),
    });
  const metrics = options.metrics ?? noopMetrics;
  const create = options.createKeys ?? config.profile !== 'production';
  const fleet = options.fleet ?? openFleet(config, options.store);
  const keyPath = config.receiptKeyPath ?? join(config.dataDir, 'receipt-keys.json');
  const openKeys = () => openFileKeyring(keyPath, { create, nowMs: clock.now() });
  // Several instances share the keyring file: each re-reads it when it changes (fleet.ts).
  const signer = fleet.shared ? watchKeyring(keyPath, openKeys, () => clock.now(), keysReloaded(logger)) : openKeys();
  const auditSecret = loadOrCreateSecret(config.auditSecretPath ?? join(config.dataDir, 'audit-secret'), create);
  const opened =
    options.store ??
    (await openStore(config.dbUrl, config.dataDir, (size, fsyncSeconds) => {
      metrics.observe('tai_group_commit_batch_size', size);
      metrics.observe('tai_commit_fsync_duration_seconds', fsyncSeconds);
    }));
  const store = tracingOn() ? tracedStore(opened) : opened;
  const chosenInsurer =
    options.insurer ??
    (config.insurerUrl === undefined
      ? unconfiguredInsurer
      : createHttpInsurerClient({
          baseUrl: config.insurerUrl,
          apiKey: config.insurerApiKey ?? 'unset',
          clock,
          logger: logger.child({ component: 'insurer' }),
          metrics,
          ...(fleet.shared ? { sharedBudget: sharedInsurerBudget(fleet, clock, metrics, logger) } : {}),
        }));
  const insurer = tracingOn() ? tracedInsurer(chosenInsurer) : chosenInsurer;
  const policy = makeLifecyclePolicy({
    checkIntervalMs: config.certCheckIntervalMs,
    // The jitter must stay under half the interval: a short interval (a test cluster) gets a tenth of it.
    checkJitterMs: Math.min(defaultLifecyclePolicy.checkJitterMs, Math.floor(config.certCheckIntervalMs / 10)),
    graceMs: config.graceMs,
    recoveryPolicy: config.recoveryPolicy,
    recoveryGoodChecks: config.recoveryGoodChecks,
  });
  const state = new LifecycleState(config.graceMs);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const lifecycle = { insurer, policy, random: options.random ?? Math.random, maxMode: config.maxMode, state, sleep };
  const operations = {
    executors: buildExecutors(config),
    running: new RunningDeployments(),
    background: new Set<Promise<unknown>>(),
  };
  const witnesses = options.witnesses ?? witnessClientsFrom(config.witnesses);
  const witnessQueue =
    witnesses.length === 0
      ? undefined
      : createWitnessSubmitter({
          store,
          signer,
          clock,
          originPrefix: config.receiptOrigin,
          witnesses,
          refreshMs: config.witnessRefreshMs,
          timers: options.schedulerTimers ?? realTimers,
        });
  const ctx: ServiceContext = {
    store,
    clock,
    signer,
    originPrefix: config.receiptOrigin,
    auditSecret,
    lifecycle,
    operations,
    logger,
    metrics,
    notifier,
    actor: { kind: 'system' },
    ...(witnessQueue === undefined ? {} : { witnessQueue }),
    fleet,
  };
  // A customer that stops being writable has its running deployments stopped: none commits as contractual.
  state.onChange((record) => {
    if (operations.running.count > 0 && readOnlyBanner(ctx, record.customerId) !== null) {
      operations.running.abortCustomer(record.customerId, 'authority lost');
    }
  });
  await loadLifecycleState(ctx);
  return ctx;
};

export const buildService = async (config: Config, options: StartOptions = {}): Promise<Service> => {
  // First: the logger and the store are wrapped for traces only when tracing is already on.
  const telemetry: Telemetry = startTelemetry(options.metrics, options.spanProcessor, options.exportMetrics ?? true);
  const logger = createPinoLogger({
    level: config.logLevel,
    ...(options.logStream ? { stream: options.logStream } : {}),
    traced: tracingOn(),
  });
  const notifier = createOutboxNotifier();
  // SQLite serves one instance: a second tai serve on the same file is refused before it touches it.
  const sqliteFile = options.store === undefined ? sqliteFileOf(config.dbUrl, config.dataDir) : null;
  const lock: InstanceLock | null = sqliteFile === null ? null : acquireInstanceLock(sqliteFile);
  const ctx = await buildContext(
    config,
    { ...options, logger: options.logger ?? logger, metrics: telemetry.metrics },
    notifier,
  ).catch((e: unknown) => {
    lock?.release();
    throw e;
  });
  const identity = newInstanceIdentity(ctx.clock.now(), {
    leaseMs: options.instance?.leaseMs ?? config.instanceLeaseMs,
    exclusive: lock !== null,
    workRoot: config.deployWorkDir ?? resolve(config.dataDir, 'deployments'),
    orphans: config.orphanedDeployments,
    ...(options.instance?.host === undefined ? {} : { host: options.instance.host }),
  });
  ctx.operations.instance = identity;
  const { store } = ctx;
  const admin = await ensureAdminToken(ctx, config.adminToken);

  const health = new HealthRegistry();
  health.register('store', async () => {
    await store.ping();
    const m = await store.migrationStatus();
    return m.current === m.latest
      ? { status: 'ok', detail: `${store.kind}, schema v${m.current}` }
      : { status: 'fail', detail: `schema v${m.current}, expected v${m.latest}` };
  });
  health.register('certificate-manager', () => {
    const system = ctx.lifecycle.state.systemReadOnly(ctx.clock.now());
    const records = [...ctx.lifecycle.state.records()];
    const readOnly = records.filter((r) => readOnlyBanner(ctx, r.customerId) !== null).length;
    const detail = `${records.length} certificates tracked, ${readOnly} customers read-only`;
    return Promise.resolve(
      system === null
        ? { status: 'ok', detail }
        : { status: 'fail', detail: `system read-only (${system.cause}); ${detail}` },
    );
  });
  // With an insurer URL, deep health really calls it (cached for 15 s): a closed circuit alone says nothing
  // about an insurer that has not been called yet.
  const { insurerUrl } = config;
  const reach =
    insurerUrl === undefined
      ? undefined
      : cachedCheck(
          async () => {
            const r = await probeReachability(insurerUrl, 1_500);
            return { status: r.reachable ? 'ok' : 'fail', detail: r.detail };
          },
          ctx.clock,
          15_000,
        );
  health.register('insurer', async () => {
    const { breaker } = ctx.lifecycle.insurer.health();
    if (breaker === 'unconfigured') return { status: 'fail', detail: 'no insurer configured (TAI_INSURER_URL)' };
    if (breaker === 'open') return { status: 'fail', detail: 'circuit open: the insurer is failing' };
    const probed = reach === undefined ? undefined : await reach();
    if (probed?.status === 'fail') return { status: 'fail', detail: `insurer ${probed.detail}, circuit ${breaker}` };
    return { status: 'ok', detail: `${probed ? `insurer ${probed.detail}, ` : ''}circuit ${breaker}` };
  });

  const accumulator = new UsageAccumulator();
  const scheduler = new LifecycleScheduler(ctx, ctx.logger, options.schedulerTimers);
  const endpoint = telemetry.endpoint(ctx, config.metricsToken, {
    insurerBudgetRemaining: () => scheduler.budgetRemaining(),
    backupLastSuccessSeconds: () => backups?.lastSuccessSeconds() ?? null,
  });
  // One count of failed credentials per address for everything this instance serves, /metrics on its own port too.
  const authThrottle = new AuthFailureThrottle({
    burst: config.authFailureBurst,
    windowMs: config.authFailureWindowMs,
  });
  const metricsApp =
    config.metricsPort === undefined || endpoint === null
      ? null
      : await telemetry.server(endpoint, new CredentialFailures(ctx, authThrottle), logger);
  const app = await buildHttpApp({
    ctx,
    auth: { ctx, adminTokenHash: admin.hash },
    authThrottle,
    health,
    config,
    logger,
    usage: accumulator,
    ...(metricsApp === null && endpoint !== null ? { metricsEndpoint: endpoint } : {}),
  });
  scheduler.start();
  const sweeper = startIdempotencySweeper(ctx, ctx.logger, options.schedulerTimers ?? realTimers);
  const revenueCloser = startRevenueCloser(ctx, ctx.logger, options.schedulerTimers ?? realTimers);
  ctx.witnessQueue?.useLog(ctx.logger);
  ctx.witnessQueue?.start();
  const backups = await startScheduledBackups(config, ctx, ctx.logger, options.schedulerTimers ?? realTimers);
  const secret = (v: string | undefined): Secret | undefined => (v === undefined ? undefined : new Secret(v));
  const channels = createChannels({
    profile: config.profile,
    dataDir: config.dataDir,
    smtpUrl: secret(config.smtpUrl),
    mailFrom: config.mailFrom,
    slackWebhookUrl: secret(config.slackWebhookUrl),
    pagerDutyRoutingKey: secret(config.pagerDutyRoutingKey),
    pagerDutyEventsUrl: config.pagerDutyEventsUrl,
    now: () => ctx.clock.now(),
    webhookSecretsKey: webhookSecretsKey(ctx.auditSecret),
  });
  const delivery = new DeliveryWorker(
    { ...ctx, logger: ctx.logger.child({ component: 'delivery' }) },
    {
      channels,
      routing: config.notifyRouting,
      rateRules: config.notifyRateLimits,
      opsEmail: config.opsEmail,
      owner: options.delivery?.owner ?? identity.id,
      leaseMs: options.delivery?.leaseMs ?? 120_000,
      random: options.random ?? Math.random,
      source: 'tai-autonomics',
    },
    options.schedulerTimers ?? realTimers,
    options.delivery?.pollMs === undefined ? {} : { pollMs: options.delivery.pollMs },
  );
  const sealed = await sealStoredWebhookSecrets(ctx);
  if (sealed > 0) ctx.logger.info({ endpoints: sealed }, 'webhook signing secrets stored in plain text are now sealed');
  await delivery.start((wake) => notifier.onCommitted(wake));
  const instanceLog = ctx.logger.child({ component: 'instances' });
  const instance = await startInstance(
    { ...ctx, logger: instanceLog },
    identity,
    options.schedulerTimers ?? realTimers,
    options.instance?.onLost ?? (() => undefined),
  );
  const flusher = startUsageFlusher(store, accumulator, ctx.logger, options.schedulerTimers ?? realTimers);
  const follower = await followFleet(ctx, options.schedulerTimers ?? realTimers);
  return {
    app,
    ctx,
    generatedAdminToken: admin.generated,
    scheduler,
    backups,
    delivery,
    instance,
    usage: { accumulator, flusher },
    metricsApp,
    close: async () => {
      follower.stop();
      await Promise.all([
        scheduler.stop(),
        sweeper.stop(),
        backups?.stop(),
        ctx.witnessQueue?.stop(),
        revenueCloser.stop(),
      ]);
      await delivery.stop();
      await closeChannels(channels);
      ctx.operations.running.abortAll('shutting down');
      await Promise.allSettled([...ctx.operations.background]);
      await instance.stop();
      await app.close();
      // After the last request has been answered, so the final flush holds every one of them.
      await flusher.stop();
      await metricsApp?.close();
      await store.close();
      await telemetry.close();
      await ctx.fleet?.close();
      lock?.release();
    },
  };
};
