/**
 * `tai serve`: load config, wire the service, listen, and shut down cleanly on SIGINT/SIGTERM. In
 * development without TAI_INSURER_URL, the insurer simulator starts beside the service (loudly); in
 * production it never does: the config requires a real insurer there.
 */
import { describeStore } from '../../adapters/store/open.ts';
import { buildService } from '../../app/start.ts';
import { loadConfig } from '../../config/load.ts';
import { ConfigError, type Config } from '../../config/schema.ts';
import { bannerLines } from '../insurer-sim/cli.ts';
import { startInsurerSimulator, type InsurerSimulator } from '../insurer-sim/index.ts';
import type { CliIo } from './io.ts';

const SHUTDOWN_DEADLINE_MS = 9_000;

const withSimulator = async (config: Config, io: CliIo): Promise<{ config: Config; sim: InsurerSimulator | null }> => {
  if (config.insurerUrl !== undefined || config.profile === 'production') return { config, sim: null };
  // Fixed ports by default so a walkthrough can name them; TAI_SIM_PORT=0 picks free ones.
  const port = Number(process.env['TAI_SIM_PORT'] ?? 8090);
  const sim = await startInsurerSimulator({
    host: '127.0.0.1',
    port,
    controlPort: port === 0 ? 0 : port + 1,
    issuanceDelayMs: 2_000,
  });
  io.stdout.write(`${bannerLines(sim.url, sim.controlUrl, false).join('\n')}\n`);
  return { config: { ...config, insurerUrl: sim.url, insurerApiKey: sim.apiKey }, sim };
};

export const runServe = async (_argv: readonly string[], io: CliIo): Promise<number> => {
  let loaded: Config;
  try {
    loaded = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr.write(`tai serve: ${e.message}\n`);
      return 78; // EX_CONFIG
    }
    throw e;
  }
  const { config, sim } = await withSimulator(loaded, io);
  const service = await buildService(config);
  if (service.generatedAdminToken) {
    io.stdout.write(
      `\nGenerated an admin token (shown once, stored only as a hash in the data dir):\n\n  ${service.generatedAdminToken}\n\n` +
        'Use it as "Authorization: Bearer <token>" on /v1/admin/*. Set TAI_ADMIN_TOKEN to choose your own.\n\n',
    );
  }
  const address = await service.app.listen({ port: config.port, host: config.host });
  service.app.log.info(
    {
      address,
      store: describeStore(config.dbUrl, config.dataDir),
      profile: config.profile,
      insurer: sim ? `SIMULATED INSURER at ${sim.url} (control ${sim.controlUrl}/_sim)` : config.insurerUrl,
      maxMode: config.maxMode,
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
