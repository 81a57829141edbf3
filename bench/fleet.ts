/**
 * Publish at 100 connections on PostgreSQL: one instance, then two instances (50 connections each) on the
 * same database, and the ratio of their throughput. On a 2-core machine both instances share the same
 * cores and the same database, so the ratio measures the fleet's coordination overhead (the shared
 * change sequence, the in-transaction gate re-check), not how the service scales on more machines.
 * Needs TAI_TEST_PG_URL (a database of its own is created there and dropped).
 */
import autocannon from 'autocannon';
import { rmSync } from 'node:fs';
import { startInsurerSimulator } from '../src/edges/insurer-sim/index.ts';
import {
  createDatabase,
  insured,
  sharedKeys,
  startInstance,
  stopInstance,
  type Instance,
} from '../test/support/cluster.ts';

const SIM_KEY = 'sk_bench_fleet';

const publishLoad = (node: Instance, tokens: readonly string[], connections: number, duration: number) =>
  autocannon({
    url: node.url,
    connections,
    duration,
    timeout: 30,
    requests: tokens.map((token) => ({
      method: 'POST' as const,
      path: '/v1/marketplace/publish',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ segment: 'smb', visibility: 'public' }),
    })),
  });

export const fleetPublish = async (duration: number): Promise<string[]> => {
  if (process.env['TAI_TEST_PG_URL'] === undefined) return ['fleet: skipped (TAI_TEST_PG_URL not set)'];
  const db = await createDatabase('tai_bench_fleet');
  const keys = sharedKeys();
  const sim = await startInsurerSimulator({ apiKey: SIM_KEY, seed: 5, issuanceDelayMs: 1_000 });
  const env = { TAI_DB_URL: db.url, TAI_INSURER_URL: sim.url, TAI_INSURER_API_KEY: SIM_KEY, ...keys.env };
  const nodes: Instance[] = [];
  try {
    const a = await startInstance('bench-a', env);
    nodes.push(a);
    const tokens: string[] = [];
    for (let i = 0; i < 8; i++) tokens.push((await insured(a, a, sim, `bench${i}`)).token);
    process.stderr.write(`  fleet: publish @ 100 connections, one instance, ${duration}s ...\n`);
    const one = await publishLoad(a, tokens, 100, duration);
    const b = await startInstance('bench-b', env);
    nodes.push(b);
    process.stderr.write(`  fleet: publish @ 100 connections over two instances, ${duration}s ...\n`);
    const two = await Promise.all([publishLoad(a, tokens, 50, duration), publishLoad(b, tokens, 50, duration)]);
    const rps2 = two.reduce((s, r) => s + r.requests.average, 0);
    const failed = (r: autocannon.Result): number => r.errors + r.timeouts + r.non2xx;
    const p99 = Math.max(...two.map((r) => r.latency.p99));
    return [
      'fleet (PostgreSQL, publish of 8 customers at 100 connections):',
      `  one instance:   ${one.requests.average.toFixed(0)} req/s, p99 ${one.latency.p99} ms, failed ${failed(one)}`,
      `  two instances:  ${rps2.toFixed(0)} req/s, p99 ${p99} ms, failed ${two.reduce((s, r) => s + failed(r), 0)}`,
      `  ratio two/one:  ${(rps2 / one.requests.average).toFixed(2)} (on these 2 shared cores this measures coordination overhead, not scale)`,
    ];
  } finally {
    await Promise.all(nodes.map(stopInstance));
    await sim.close();
    await db.drop();
    rmSync(keys.dir, { recursive: true, force: true });
  }
};
