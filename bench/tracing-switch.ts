/**
 * Tracing's cost measured in one running service: 100 in-process publishes in flight, tracing switched on
 * and off every half second (`useTracer`), the CPU per publish of each half kept apart, so both states share
 * the process, its heap and its compiled code, and the machine's drift falls on both. With
 * BENCH_SWITCH_PROFILE=1 the V8 profiler samples inside the halves only, and the report lists the functions
 * whose own time per publish grew most with tracing on.
 *
 *   node --import tsx bench/tracing-switch.ts [export|drop]
 *
 * `export` (the default) exports every span through the service's own pipeline (the deferred batch
 * processor and the OTLP/HTTP JSON exporter) to a receiver in a process of its own; `drop` records the
 * spans and drops them. BENCH_SWITCH_SECONDS (default 30) is the length of the run.
 */
import { Session } from 'node:inspector/promises';
import { setTimeout as wait } from 'node:timers/promises';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { deferredProcessor } from '../src/adapters/tracing/deferred.ts';
import { useTracer } from '../src/adapters/tracing/spans.ts';
import { publishInjector } from './publish.ts';
import { startBenchService } from './service.ts';
import { dropping, startReceiver } from './telemetry.ts';

const MODE = process.argv[2] === 'drop' ? 'drop' : 'export';
const SECONDS = Number(process.env['BENCH_SWITCH_SECONDS'] ?? 30);
const PROFILE = process.env['BENCH_SWITCH_PROFILE'] === '1';
const HALF_MS = 500;

type Side = 'on' | 'off';

const receiver = MODE === 'export' ? await startReceiver() : null;
let processor: SpanProcessor = dropping;
if (receiver !== null) {
  process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = receiver.url;
  processor = deferredProcessor(new BatchSpanProcessor(new OTLPTraceExporter()));
  delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
}
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'tai-autonomics' }),
  spanProcessors: [processor],
});
const tracer = provider.getTracer('tai-autonomics');

const bench = await startBenchService();
const publish = await publishInjector(bench);
let count = 0;
let stop = false;
const inject = async (): Promise<void> => {
  await publish();
  count++;
};
const clients = Array.from({ length: 100 }, async () => {
  while (!stop) await inject();
});

const session = PROFILE ? new Session() : null;
if (session !== null) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
}
const cpu: Record<Side, number> = { on: 0, off: 0 };
const publishes: Record<Side, number> = { on: 0, off: 0 };
const selfUs: Record<Side, Map<string, number>> = { on: new Map(), off: new Map() };

await wait(1_500); // warm-up, tracing off
for (let i = 0; i < (SECONDS * 1000) / HALF_MS; i++) {
  const side: Side = i % 2 === 0 ? 'on' : 'off';
  useTracer(side === 'on' ? tracer : null);
  await wait(50); // the requests begun in the other state finish
  const n0 = count;
  const c0 = process.cpuUsage();
  await session?.post('Profiler.start');
  await wait(HALF_MS);
  // Counted before the profile is taken: handing it over (the inspector's `dispatch`) is not the service's.
  const used = process.cpuUsage(c0);
  publishes[side] += count - n0;
  cpu[side] += used.user + used.system;
  const profile = session === null ? null : (await session.post('Profiler.stop')).profile;
  if (profile !== null) {
    const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    for (let j = 0; j < samples.length; j++) {
      const f = frames.get(samples[j] ?? -1);
      if (f === undefined || f.functionName === '(idle)') continue;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}`;
      selfUs[side].set(key, (selfUs[side].get(key) ?? 0) + (deltas[j] ?? 0));
    }
  }
}
stop = true;
await Promise.all(clients);
useTracer(null);

const off = cpu.off / publishes.off;
const on = cpu.on / publishes.on;
console.log(`tracing switched every ${HALF_MS} ms in one service (${MODE}), ${SECONDS} s`);
console.log(
  `  CPU per publish: off ${off.toFixed(0)} µs, on ${on.toFixed(0)} µs, +${((on / off - 1) * 100).toFixed(1)} %` +
    ` (${publishes.off} and ${publishes.on} publishes)`,
);
if (PROFILE) {
  const per = (side: Side): Map<string, number> =>
    new Map([...selfUs[side]].map(([k, us]) => [k, us / publishes[side]]));
  const a = per('off');
  const b = per('on');
  const grown = [...new Set([...a.keys(), ...b.keys()])]
    .map((k) => [k, (b.get(k) ?? 0) - (a.get(k) ?? 0)] as const)
    .sort((x, y) => y[1] - x[1]);
  console.log('  own time per publish grown most with tracing on (profiled µs; the profiler inflates them):');
  for (const [k, us] of grown.slice(0, 30)) console.log(`  ${us.toFixed(2).padStart(8)}  ${k}`);
}
await bench.close();
await provider.shutdown();
await receiver?.close();
