/**
 * `tai serve`: load config, wire the service, listen, and shut down cleanly on SIGINT/SIGTERM. In
 * development without TAI_INSURER_URL, the insurer simulator starts beside the service (loudly) and the
 * service runs on the simulator's clock; in production it never does: the config requires a real insurer
 * there.
 */
import { describeStore } from '../../adapters/store/open.ts';
import { buildService, type Service } from '../../app/start.ts';
import { loadConfig } from '../../config/load.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import type { Config } from '../../config/schema.ts';
import { bannerLines } from '../insurer-sim/cli.ts';
import { startInsurerSimulator, type InsurerSimulator } from '../insurer-sim/index.ts';
import { defineCommand } from './command.ts';
import { listenFailure, reportFailure } from './failure.ts';
import type { CliIo } from './io.ts';

const SHUTDOWN_DEADLINE_MS = 9_000;

const withSimulator = async (config: Config, io: CliIo): Promise<{ config: Config; sim: InsurerSimulator | null }> => {
  if (config.insurerUrl !== undefined || config.profile === 'production') return { config, sim: null };
  // Fixed ports by default so a walkthrough can name them; TAI_SIM_PORT=0 picks free ones.
  const port = config.simPort;
  const sim = await startInsurerSimulator({
    host: '127.0.0.1',
    port,
    controlPort: port === 0 ? 0 : port + 1,
    issuanceDelayMs: 2_000,
  });
  io.stdout.write(`${bannerLines(sim.url, sim.controlUrl, false).join('\n')}\n`);
  return { config: { ...config, insurerUrl: sim.url, insurerApiKey: sim.apiKey }, sim };
};

/**
 * The simulator's clock as the service reads it: with the simulator beside it, the service shares its
 * time, so moving the simulated clock (POST /_sim/clock) moves both (a walkthrough closes a month that
 * way). The service's time never goes back: set back, it stays where it was until the clock passes it.
 */
const forwardOnly = (clock: Clock): Clock => {
  let last = clock.now();
  return {
    now: () => {
      last = Math.max(last, clock.now());
      return last;
    },
  };
};

const SIM_SETTING = 'TAI_SIM_PORT (0 picks free ports; it uses that port and the next), or TAI_INSURER_URL';

const serve = async (io: CliIo): Promise<number> => {
  const command = 'tai serve';
  let loaded: Config;
  try {
    loaded = loadConfig();
  } catch (e) {
    return reportFailure(command, e, io);
  }
  let started: Awaited<ReturnType<typeof withSimulator>>;
  try {
    started = await withSimulator(loaded, io);
  } catch (e) {
    return reportFailure(command, e, io, listenFailure(e, 'the insurer simulator', SIM_SETTING) ?? undefined);
  }
  const { config, sim } = started;
  let service: Service;
  try {
    // Declared gone by another instance (its lease lapsed): shut down like SIGTERM; a supervisor restarts it.
    service = await buildService(config, {
      instance: { onLost: () => process.kill(process.pid, 'SIGTERM') },
      ...(sim === null ? {} : { clock: forwardOnly(sim.clock) }),
    });
  } catch (e) {
    await sim?.close();
    return reportFailure(command, e, io);
  }
  if (service.generatedAdminToken) {
    io.stdout.write(
      `\nGenerated an admin token (shown once, stored only as a hash in the data dir):\n\n  ${service.generatedAdminToken}\n\n` +
        'Use it as "Authorization: Bearer <token>" on /v1/admin/*. Set TAI_ADMIN_TOKEN to choose your own.\n\n',
    );
  }
  let address: string;
  try {
    address = await service.app.listen({ port: config.port, host: config.host });
    await service.metricsApp?.listen({ port: config.metricsPort ?? 0, host: config.host });
  } catch (e) {
    await service.close();
    await sim?.close();
    return reportFailure(command, e, io);
  }
  service.app.log.info(
    {
      address,
      store: describeStore(config.dbUrl, config.dataDir),
      profile: config.profile,
      insurer: sim ? `SIMULATED INSURER at ${sim.url} (control ${sim.controlUrl}/_sim)` : config.insurerUrl,
      maxMode: config.maxMode,
      ...(config.metricsPort === undefined ? {} : { metricsPort: config.metricsPort }),
    },
    'tai serving',
  );

  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      service.app.log.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  // Container platforms (Cloud Run, Kubernetes) send SIGKILL 10 s after SIGTERM: exit before that even if
  // draining (in-flight requests, lifecycle wake-ups, running deployments) has not finished.
  const watchdog = setTimeout(() => {
    service.app.log.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time; exiting');
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS);
  watchdog.unref();
  await service.close();
  await sim?.close();
  clearTimeout(watchdog);
  return 0;
};

export const serveCommand = defineCommand({
  summary:
    'Run the HTTP service (what npm start runs). Development without TAI_INSURER_URL starts the insurer simulator beside it. Settings come from the environment (README, tai docs config).',
  notes: 'exit: 0 stopped by SIGINT/SIGTERM; start-up failures: see the exit code table in README',
  run: (_args, io) => serve(io),
});
