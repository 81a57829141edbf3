/**
 * What metrics and traces cost: CPU per in-process publish with both off (no Prometheus registry, no
 * tracer) against both on (the registry, and every span exported over OTLP/HTTP to a local receiver that
 * answers as a collector does, in a process of its own), in rounds of alternating order so the machine's
 * drift cancels, with the parts between (spans created but not sampled, spans recorded but not exported,
 * the registry alone) so the report says where the cost lies; and how long GET /metrics takes to render
 * with 10,000 customers' certificates tracked. Goals: at most +5 % CPU per publish, under 50 ms per scrape.
 * Beside them, the SDK's floor: what the OpenTelemetry SDK alone spends recording and exporting the spans of
 * a publish, against the same run's publish with both off (no tracing of ours can cost less).
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { ROOT_CONTEXT, trace, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
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
export const startReceiver = async (): Promise<{
  url: string;
  bytes: () => Promise<number>;
  close: () => Promise<void>;
}> => {
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

export const dropping: SpanProcessor = {
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

/**
 * The SDK's own floor for the spans of a publish: what the OpenTelemetry SDK spends on them with none of
 * the service's code around it. The spans of real publishes are captured (an in-memory exporter), then
 * (1) each publish's tree is recorded again by the SDK's tracer, same names, kinds, parents, attributes and
 * events, with every attribute given at the start (the cheapest way), into a processor that drops them; and
 * (2) the captured spans are exported by the SDK's OTLP/HTTP JSON exporter to the receiver in batches of
 * 512, as the batch processor hands them over. Both are CPU per publish in this process, so they compare
 * with the sides above: their sum is what every span exported costs at least, whatever the service does.
 */
const sdkFloor = async (endpoint: string): Promise<{ recordUs: number; exportUs: number; spans: number }> => {
  const captured = new InMemorySpanExporter();
  const bench = await startBenchService({ exportMetrics: false, spanProcessor: new SimpleSpanProcessor(captured) });
  let all: ReadableSpan[];
  try {
    await measurePublishes(bench, 1);
    all = captured.getFinishedSpans(); // before the close, whose shutdown empties the exporter
  } finally {
    await bench.close();
  }
  const byTrace = new Map<string, ReadableSpan[]>();
  for (const s of all) {
    const id = s.spanContext().traceId;
    const list = byTrace.get(id);
    if (list === undefined) byTrace.set(id, [s]);
    else list.push(s);
  }
  const trees = [...byTrace.values()].filter((t) =>
    t.some((s) => s.name === 'POST /v1/marketplace/publish' && s.parentSpanContext === undefined),
  );
  if (trees.length < 100) throw new Error(`only ${trees.length} publishes were captured`);
  const spans = trees.flat();
  const perPublish = spans.length / trees.length;

  const tracer = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'tai-autonomics' }),
    spanProcessors: [dropping],
  }).getTracer('tai-autonomics');
  // Each tree as the steps that record it again, worked out before the clock starts: in start order, each
  // span with its parent's index (-1 for the root), its attributes and events.
  interface Step {
    readonly name: string;
    readonly kind: ReadableSpan['kind'];
    readonly attributes: ReadableSpan['attributes'];
    readonly events: ReadableSpan['events'];
    readonly parent: number;
  }
  const plans = trees.map((tree): Step[] => {
    const started = [...tree].sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    const index = new Map(started.map((s, i) => [s.spanContext().spanId, i]));
    return started.map((s) => ({
      name: s.name,
      kind: s.kind,
      attributes: s.attributes,
      events: s.events,
      parent: index.get(s.parentSpanContext?.spanId ?? '') ?? -1,
    }));
  });
  const made: Span[] = [];
  const record = (plan: readonly Step[]): void => {
    for (let i = 0; i < plan.length; i++) {
      const step = plan[i] as Step;
      const parent = step.parent < 0 ? undefined : made[step.parent];
      const span = tracer.startSpan(
        step.name,
        { kind: step.kind, attributes: step.attributes },
        parent === undefined ? ROOT_CONTEXT : trace.setSpan(ROOT_CONTEXT, parent),
      );
      for (const e of step.events) span.addEvent(e.name, e.attributes);
      made[i] = span;
    }
    for (let i = plan.length - 1; i >= 0; i--) made[i]?.end();
  };
  const cpuOf = async (fn: () => Promise<void> | void): Promise<number> => {
    const before = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(before);
    return used.user + used.system;
  };
  for (const p of plans) record(p); // warm-up
  const rounds = 20;
  const recordUs =
    (await cpuOf(() => {
      for (let r = 0; r < rounds; r++) for (const p of plans) record(p);
    })) /
    (rounds * trees.length);

  const saved = process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = endpoint;
  const exporter = new OTLPTraceExporter();
  if (saved === undefined) delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  else process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = saved;
  const exportAll = async (): Promise<void> => {
    for (let i = 0; i < spans.length; i += 512)
      await new Promise<void>((resolve, reject) =>
        exporter.export(spans.slice(i, i + 512), (r) =>
          // ExportResultCode.SUCCESS is 0 (@opentelemetry/core, not a dependency of ours).
          Number(r.code) === 0 ? resolve() : reject(r.error ?? new Error('export failed')),
        ),
      );
  };
  await exportAll(); // warm-up: the connection, the compiled paths
  const exportRounds = 5;
  const exportUs =
    (await cpuOf(async () => {
      for (let r = 0; r < exportRounds; r++) await exportAll();
    })) /
    (exportRounds * trees.length);
  await exporter.shutdown();
  return { recordUs, exportUs, spans: perPublish };
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
  let floor = { recordUs: Number.NaN, exportUs: Number.NaN, spans: Number.NaN };
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
    floor = await sdkFloor(receiver.url);
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
    `  the SDK's floor for those spans  ${(floor.recordUs + floor.exportUs).toFixed(0).padStart(10)} µs ${`${(((floor.recordUs + floor.exportUs) / off) * 100).toFixed(1)} %`.padStart(8)}  (of off; the ${floor.spans.toFixed(1)} spans of a publish recorded by the SDK alone ${floor.recordUs.toFixed(1)} µs, exported by its OTLP/HTTP JSON exporter ${floor.exportUs.toFixed(1)} µs)`,
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
