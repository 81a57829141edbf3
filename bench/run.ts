/**
 * `npm run bench`: measures, in one run, a raw Fastify baseline and the service's routes at 10 and 100
 * connections, and prints each beside a baseline measured just before it, as ratios of throughput and of
 * CPU time per request. Figures are only comparable within a run: these machines are shared.
 * BENCH_DURATION (seconds, default 5) sets each measurement's length;
 * BENCH_ONLY (a substring of scenario names, e.g. `publish`) runs only the matching scenarios, still
 * beside the baseline; BENCH_MICRO=0 skips the in-process measurements (and the outbox throughput); BENCH_CPU_PROF=<dir> writes a V8
 * CPU profile of the service process into that directory when the run ends (open it in Chrome DevTools).
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { MICRO_BENCHES } from './micro.ts';
import { outboxThroughput } from './outbox.ts';
import { revenueStoreBench } from './revenue-store.ts';
import { BENCH_SCENARIOS } from './scenarios.ts';

const DURATION = Number(process.env['BENCH_DURATION'] ?? 5);
/** The baseline measured before each row: shorter, it only has to say how fast the machine is right now. */
const BASELINE_DURATION = Math.max(2, Math.round(DURATION / 2));
const CONNECTIONS = [10, 100] as const;
const ONLY = process.env['BENCH_ONLY'];
const MICRO = process.env['BENCH_MICRO'] !== '0';
const CPU_PROF = process.env['BENCH_CPU_PROF'];

interface Row {
  readonly name: string;
  readonly connections: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
  /** The server process's CPU time (user + system) per answered request, in µs; steadier than req/s here. */
  readonly cpuUs: number;
}

/** CPU seconds a process has used so far (Linux /proc; clock ticks are 1/100 s). */
const cpuSeconds = (pid: number | undefined): number => {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
};

const startServer = async (which: 'raw' | 'service'): Promise<{ url: string; child: ChildProcess }> => {
  const profile = which === 'service' && CPU_PROF !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'bench/servers.ts', which], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout ?? process.stdin });
  for await (const line of lines) {
    const parsed = JSON.parse(line) as { url: string };
    return { url: parsed.url, child };
  }
  throw new Error(`${which} server exited before listening`);
};

const measure = async (
  name: string,
  server: { url: string; child: ChildProcess },
  connections: number,
  request: Partial<autocannon.Request>,
  duration = DURATION,
): Promise<Row> => {
  const { url } = server;
  process.stderr.write(`  ${name} @ ${connections} connections for ${duration}s ...\n`);
  const cpuBefore = cpuSeconds(server.child.pid);
  const result = await autocannon({
    url: `${url}${request.path ?? '/'}`,
    connections,
    duration,
    method: request.method ?? 'GET',
    ...(request.headers ? { headers: request.headers } : {}),
    ...(request.body ? { body: request.body } : {}),
  });
  return {
    name,
    connections,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    cpuUs: ((cpuSeconds(server.child.pid) - cpuBefore) * 1e6) / Math.max(1, result.requests.total),
  };
};

const main = async (): Promise<void> => {
  const raw = await startServer('raw');
  const svc = await startServer('service');
  try {
    // Each row is compared with a baseline measured just before it, at the same connections: on a shared
    // machine the baseline drifts within one run, and a ratio is only as good as its denominator.
    const rows: { row: Row; base: Row }[] = [];
    const baselineBefore = (c: number): Promise<Row> =>
      measure('baseline: raw fastify GET /', raw, c, { path: '/' }, BASELINE_DURATION);
    for (const c of CONNECTIONS) {
      const row = await measure('baseline: raw fastify GET /', raw, c, { path: '/' });
      rows.push({ row, base: row });
    }
    for (const scenario of BENCH_SCENARIOS.filter((s) => ONLY === undefined || s.name.includes(ONLY))) {
      const server = scenario.server === 'raw' ? raw : svc;
      const request: Partial<autocannon.Request> = await scenario.prepare(server.url);
      for (const c of CONNECTIONS) {
        const base = await baselineBefore(c);
        rows.push({ row: await measure(scenario.name, server, c, request), base });
      }
    }
    const pad = (s: string | number, n: number) => String(s).padStart(n);
    process.stdout.write(
      `\n${'scenario'.padEnd(40)}${pad('conns', 6)}${pad('req/s', 9)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('errors', 8)}${pad('non2xx', 8)}${pad('cpu µs', 8)}${pad('base/s', 9)}${pad('base µs', 9)}${pad('vs base', 9)}${pad('(cpu)', 7)}\n`,
    );
    for (const { row: r, base } of rows) {
      const ratio = r.rps / base.rps;
      const cpuRatio = base.cpuUs / r.cpuUs;
      process.stdout.write(
        `${r.name.padEnd(40)}${pad(r.connections, 6)}${pad(r.rps.toFixed(0), 9)}${pad(r.p50, 8)}${pad(r.p99, 8)}${pad(r.errors, 8)}${pad(r.non2xx, 8)}${pad(r.cpuUs.toFixed(0), 8)}${pad(base.rps.toFixed(0), 9)}${pad(base.cpuUs.toFixed(0), 9)}${pad(ratio.toFixed(2), 9)}${pad(cpuRatio.toFixed(2), 7)}\n`,
      );
    }
    for (const micro of MICRO ? MICRO_BENCHES : []) process.stdout.write(`\n${(await micro()).join('\n')}\n`);
    if (MICRO) process.stdout.write(`\n${(await outboxThroughput()).join('\n')}\n`);
    if (MICRO) process.stdout.write(`\n${(await revenueStoreBench()).join('\n')}\n`);
  } finally {
    const exited = new Promise((resolve) => svc.child.once('exit', resolve));
    raw.child.kill('SIGTERM');
    svc.child.kill('SIGTERM');
    await exited; // a CPU profile is written as the process exits
  }
};

await main();
