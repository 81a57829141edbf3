/**
 * The servers the bench measures, each in its own process so the load generator does not share its
 * event loop: `raw` is a bare Fastify hello-world (the baseline) with the floor of a durable write beside it
 * (`POST /publish`, see floor.ts), `service` is tai on a fresh SQLite.
 * Prints one JSON line {url, ...} when listening.
 */
import Fastify from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildService } from '../src/app/start.ts';
import { loadConfig } from '../src/config/load.ts';
import { startInsurerSimulator } from '../src/edges/insurer-sim/index.ts';
import { addFloorRoute } from './floor.ts';
import { BENCH_ADMIN_TOKEN } from './token.ts';

const which = process.argv[2];
// Exit normally on SIGTERM, so that `--cpu-prof` (BENCH_CPU_PROF) gets to write its profile.
process.once('SIGTERM', () => process.exit(0));
if (which === 'raw') {
  const app = Fastify({ logger: false });
  app.get('/', () => ({ hello: 'world' }));
  await addFloorRoute(app, mkdtempSync(join(tmpdir(), 'tai-bench-floor-')));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ url })}\n`);
} else if (which === 'service') {
  const dataDir = mkdtempSync(join(tmpdir(), 'tai-bench-'));
  // As `npm start` in development: the insurer simulator beside the service.
  const sim = await startInsurerSimulator({ host: '127.0.0.1' });
  const config = loadConfig({
    TAI_DATA_DIR: dataDir,
    TAI_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    TAI_LOG_LEVEL: 'warn',
    TAI_INSURER_URL: sim.url,
    TAI_INSURER_API_KEY: sim.apiKey,
  });
  const service = await buildService(config);
  const url = await service.app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ url, dataDir })}\n`);
} else {
  process.stderr.write('usage: servers.ts raw|service\n');
  process.exit(64);
}
