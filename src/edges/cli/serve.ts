/** `tai serve`: load config, wire the service, listen, and shut down cleanly on SIGINT/SIGTERM. */
import { describeStore } from '../../adapters/store/open.ts';
import { buildService } from '../../app/start.ts';
import { loadConfig } from '../../config/load.ts';
import { ConfigError } from '../../config/schema.ts';
import type { CliIo } from './io.ts';

export const runServe = async (_argv: readonly string[], io: CliIo): Promise<number> => {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr.write(`tai serve: ${e.message}\n`);
      return 78; // EX_CONFIG
    }
    throw e;
  }
  const service = await buildService(config);
  if (service.generatedAdminToken) {
    io.stdout.write(
      `\nGenerated an admin token (shown once, stored only as a hash in the data dir):\n\n  ${service.generatedAdminToken}\n\n` +
        'Use it as "Authorization: Bearer <token>" on /v1/admin/*. Set TAI_ADMIN_TOKEN to choose your own.\n\n',
    );
  }
  const address = await service.app.listen({ port: config.port, host: config.host });
  service.app.log.info(
    { address, store: describeStore(config.dbUrl, config.dataDir), profile: config.profile },
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
  await service.close();
  return 0;
};
