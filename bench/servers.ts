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
import { addFloorRoute } from './floor.ts';
import { startBenchService } from './service.ts';

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
  const { url, dataDir } = await startBenchService();
  process.stdout.write(`${JSON.stringify({ url, dataDir })}\n`);
} else {
  process.stderr.write('usage: servers.ts raw|service\n');
  process.exit(64);
}
