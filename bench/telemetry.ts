/**
 * What metrics and traces cost: CPU per in-process publish with both off (no Prometheus registry, no
 * tracer) against both on (the registry, and every span exported over OTLP/HTTP to a local receiver that
 * answers as a collector does, in a process of its own), in rounds of alternating order so the machine's
 * drift cancels, with the parts between (spans created but not sampled, spans recorded but not exported,
 * the registry alone) so the report says where the cost lies; and how long GET /metrics takes to render
 * with 10,000 customers' certificates tracked. Goals: at most +5 % CPU per publish, under 50 ms per scrape.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MODES } from '../src/domain/customer/types.ts';
import { newId } from '../src/domain/shared/ids.ts';
import { benchCertificateRecord } from './ops-overview.ts';
import { measurePublishes } from './publish.ts';
import { startBenchService } from './service.ts';

const SECONDS = Number(process.env['BENCH_DURATION'] ?? 5);
const PAIRS = Number(process.env['BENCH_TELEMETRY_PAIRS'] ?? 3);

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/** The receiver's code: plain JavaScript for a child process of its own. */
const RECEIVER = `
const http = require('node:http');
let bytes = 0;
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/received') return void res.end(String(bytes));
  req.on('data', (c) => (bytes += c.length));
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.stdin.on('end', () => server.close()).resume();
`;

/**
 * An OTLP/HTTP trace receiver: takes POST /v1/traces and answers 200 with an empty
 * ExportTraceServiceResponse. It runs in a process of its own, as a collector does, so the CPU measured
 * here is the service's alone.
 */
const startReceiver = async (): Promise<{ url: string; bytes: () => Promise<number>; close: () => Promise<void> }> => {
  const child = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (c: Buffer) => resolve(c.toString('utf8').trim()));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    bytes: async () => Number(await (await fetch(`${url}/received`)).text()),
    close: async () => {
      child.stdin.end();
      await exited;
    },
  };
};

/**
 * What each side runs. `off` and `on` are the measured pair; the others split the difference: tracing on
 * with the server span made but not sampled (and so nothing under it), spans recorded but
 * handed to a processor that drops them, and the Prometheus registry alone; and `sampled`, both on with
 * one trace in ten sampled (OTEL_TRACES_SAMPLER=parentbased_traceidratio, OTEL_TRACES_SAMPLER_ARG=0.1).
 */
type Side = 'off' | 'on' | 'unsampled' | 'spans' | 'metrics' | 'sampled';

const dropping: SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

const oneSide = async (side: Side, endpoint: string, seconds: number): Promise<number> => {
  if (side === 'on' || side === 'sampled') process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = endpoint;
  else delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (side === 'unsampled') process.env['OTEL_TRACES_SAMPLER'] = 'always_off';
  if (side === 'sampled') {
    process.env['OTEL_TRACES_SAMPLER'] = 'parentbased_traceidratio';
    process.env['OTEL_TRACES_SAMPLER_ARG'] = '0.1';
  }
  const bench = await startBenchService({
    exportMetrics: side === 'on' || side === 'metrics' || side === 'sampled',
    ...(side === 'unsampled' || side === 'spans' ? { spanProcessor: dropping } : {}),
  });
  try {
    return (await measurePublishes(bench, seconds)).cpuUs;
  } finally {
    await bench.close();
    delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
    delete process.env['OTEL_TRACES_SAMPLER'];
    delete process.env['OTEL_TRACES_SAMPLER_ARG'];
  }
};

const SIDES: readonly Side[] = ['off', 'on', 'unsampled', 'spans', 'metrics', 'sampled'];

export const telemetryOverhead = async (): Promise<string[]> => {
  const saved = {
    endpoint: process.env['OTEL_EXPORTER_OTLP_ENDPOINT'],
    sampler: process.env['OTEL_TRACES_SAMPLER'],
    samplerArg: process.env['OTEL_TRACES_SAMPLER_ARG'],
  };
  const receiver = await startReceiver();
  const seconds = Math.min(SECONDS, 4);
  const ratios: number[] = [];
  const cpu = new Map<Side, number[]>(SIDES.map((s) => [s, []]));
  let received = 0;
  try {
    for (let i = 0; i < PAIRS; i++) {
      // Alternate the order, so a trend over the run favours no side.
      const order = i % 2 === 0 ? SIDES : [...SIDES].reverse();
      const round = new Map<Side, number>();
      for (const side of order) round.set(side, await oneSide(side, receiver.url, seconds));
      for (const [side, us] of round) cpu.get(side)?.push(us);
      ratios.push((round.get('on') ?? Number.NaN) / (round.get('off') ?? Number.NaN));
    }
    received = await receiver.bytes();
  } finally {
    await receiver.close();
    if (saved.endpoint !== undefined) process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = saved.endpoint;
    if (saved.sampler !== undefined) process.env['OTEL_TRACES_SAMPLER'] = saved.sampler;
    if (saved.samplerArg !== undefined) process.env['OTEL_TRACES_SAMPLER_ARG'] = saved.samplerArg;
  }
  const r = median(ratios);
  const off = median(cpu.get('off') ?? []);
  const row = (label: string, side: Side, note: string): string => {
    const us = median(cpu.get(side) ?? []);
    const pct = `${(((us - off) / off) * 100).toFixed(1)} %`;
    return `  ${label.padEnd(32)} ${us.toFixed(0).padStart(10)} µs ${pct.padStart(8)}  ${note}`;
  };
  return [
    `telemetry overhead (in process, ${PAIRS} rounds of ${seconds}s per side, order alternating)`,
    `  CPU per publish, both off        ${off.toFixed(0).padStart(10)} µs`,
    row(
      'CPU per publish, both on',
      'on',
      `(Prometheus registry; every span exported over OTLP/HTTP, ${received} bytes received by a receiver in its own process)`,
    ),
    `  median of the rounds' on/off     ${`${((r - 1) * 100).toFixed(1)} %`.padStart(10)}  (goal: at most +5 %; rounds: ${ratios.map((x) => x.toFixed(3)).join(', ')})`,
    row(
      'CPU per publish, 1 trace in 10',
      'sampled',
      '(both on, OTEL_TRACES_SAMPLER=parentbased_traceidratio, _ARG=0.1)',
    ),
    '  where it goes (each against off, medians; the parts need not add up):',
    row('  spans not sampled', 'unsampled', '(the server span made and not sampled, none under it)'),
    row('  spans recorded, not exported', 'spans', '(the spans of a publish recorded, dropped at the end)'),
    row('  metrics only', 'metrics', '(the Prometheus registry, no tracing)'),
  ];
};

const CUSTOMERS = 10_000;

export const metricsRender = async (): Promise<string[]> => {
  const bench = await startBenchService();
  try {
    const { ctx } = bench.service;
    const now = ctx.clock.now();
    const at = new Date(now).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < CUSTOMERS; i += 500)
      await ctx.store.transaction(async (tx) => {
        for (let j = i; j < Math.min(CUSTOMERS, i + 500); j++) {
          const id = newId('cus', now + j);
          ids.push(id);
          const mode = MODES[j % MODES.length] ?? 'pilot';
          await tx.insertCustomer({
            id,
            name: `c${j}`,
            contactEmail: `c${j}@example.com`,
            mode,
            createdAt: at,
            updatedAt: at,
          });
        }
      });
    // Certificates spread over a year of expiry, some lapsed: every branch of the summary runs.
    ids.forEach((id, j) => ctx.lifecycle.state.remember(benchCertificateRecord(id, j, now)));
    const cpus: number[] = [];
    const scrape = async (): Promise<number> => {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const res = await bench.service.app.inject({ method: 'GET', url: '/metrics' });
      if (res.statusCode !== 200) throw new Error(`/metrics answered ${res.statusCode}`);
      const cpu = process.cpuUsage(cpu0);
      cpus.push((cpu.user + cpu.system) / 1000);
      return performance.now() - t0;
    };
    await scrape();
    cpus.length = 0;
    const times: number[] = [];
    for (let i = 0; i < 20; i++) times.push(await scrape());
    return [
      `GET /metrics with ${CUSTOMERS.toLocaleString('en-US')} customers tracked (SQLite, 20 scrapes after one warm-up)`,
      `  render                           ${median(times).toFixed(1).padStart(10)} ms median, ${Math.max(...times).toFixed(1)} ms worst (goal: under 50 ms)`,
      `    CPU per render                 ${median(cpus).toFixed(1).padStart(10)} ms median (the wall time above includes waiting for a core on a busy machine)`,
    ];
  } finally {
    await bench.close();
  }
};
