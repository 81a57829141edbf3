/**
 * What metrics and traces cost: CPU per in-process publish with both off (no Prometheus registry, no
 * tracer) against both on (the registry, and every span exported over OTLP/HTTP to a local receiver that
 * answers as a collector does), in alternating pairs so the machine's drift cancels; and how long
 * GET /metrics takes to render with 10,000 customers' certificates tracked. Goals: at most +5 % CPU per
 * publish, under 50 ms per scrape.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { CertificateRecord } from '../src/domain/certificate/index.ts';
import { newCertificateRecord } from '../src/domain/certificate/index.ts';
import { MODES } from '../src/domain/customer/types.ts';
import { newId } from '../src/domain/shared/ids.ts';
import { measurePublishes } from './publish.ts';
import { startBenchService } from './service.ts';

const SECONDS = Number(process.env['BENCH_DURATION'] ?? 5);
const PAIRS = Number(process.env['BENCH_TELEMETRY_PAIRS'] ?? 3);

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/** An OTLP/HTTP trace receiver: takes POST /v1/traces and answers 200 with an empty ExportTraceServiceResponse. */
const startReceiver = async (): Promise<{ url: string; spans: () => number; close: () => Promise<void> }> => {
  let bytes = 0;
  const server: Server = createServer((req, res) => {
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => bytes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

const oneSide = async (on: boolean, endpoint: string, seconds: number): Promise<number> => {
  if (on) process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = endpoint;
  else delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  const bench = await startBenchService({ exportMetrics: on });
  try {
    return (await measurePublishes(bench, seconds)).cpuUs;
  } finally {
    await bench.close();
    delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  }
};

export const telemetryOverhead = async (): Promise<string[]> => {
  const saved = process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  const receiver = await startReceiver();
  const seconds = Math.min(SECONDS, 4);
  const ratios: number[] = [];
  const off: number[] = [];
  const on: number[] = [];
  try {
    for (let i = 0; i < PAIRS; i++) {
      // Alternate which side goes first, so a trend over the run favours neither.
      const first = i % 2 === 0;
      const a = await oneSide(first ? false : true, receiver.url, seconds);
      const b = await oneSide(first ? true : false, receiver.url, seconds);
      const [offUs, onUs] = first ? [a, b] : [b, a];
      off.push(offUs);
      on.push(onUs);
      ratios.push(onUs / offUs);
    }
  } finally {
    await receiver.close();
    if (saved !== undefined) process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = saved;
  }
  const r = median(ratios);
  return [
    `telemetry overhead (in process, ${PAIRS} alternating pairs of ${seconds}s)`,
    `  CPU per publish, both off        ${median(off).toFixed(0).padStart(10)} µs`,
    `  CPU per publish, both on         ${median(on).toFixed(0).padStart(10)} µs  (Prometheus registry; every span exported over OTLP/HTTP, ${receiver.spans()} bytes received)`,
    `  median of the pairs' ratios      ${`${((r - 1) * 100).toFixed(1)} %`.padStart(10)}  (goal: at most +5 %; pairs: ${ratios.map((x) => x.toFixed(3)).join(', ')})`,
  ];
};

const CUSTOMERS = 10_000;
const DAY = 86_400_000;

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
    ids.forEach((id, j) => {
      const expiresAt = now + ((j % 400) - 20) * DAY;
      const record: CertificateRecord = {
        ...newCertificateRecord(id, now),
        certificateId: `cert_${j}`,
        lastVerifiedAt: now - 60_000,
        certificate: {
          certificateId: `cert_${j}`,
          policyNumber: `P-${j}`,
          insurer: { name: 'Bench Mutual', naic: '00000' },
          insured: { name: `c${j}`, reference: id },
          coverages: [],
          effectiveFrom: new Date(now - 400 * DAY).toISOString(),
          expiresAt: new Date(expiresAt).toISOString(),
          status: j % 97 === 0 ? 'revoked' : 'active',
          issuedAt: new Date(now - 400 * DAY).toISOString(),
        },
      };
      ctx.lifecycle.state.remember(record);
    });
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
