/**
 * `npm run soak`: one `tai serve` on PostgreSQL (a database of its own on TAI_TEST_PG_URL, dropped at the
 * end) under 50 connections for SOAK_DURATION seconds (default 300): publishes and receipt reads of a few
 * customers. Samples the service's RSS every SOAK_SAMPLE seconds (default 1; a line every 5 s); fails when
 * any request failed, or when the floor of the last fifth of the run (its lowest sample: what is left after
 * the collector has run) is more than 10 % above the floor of the second fifth (the first is warm-up).
 * The floor, not the mean: RSS under load is a saw-tooth of garbage-collection cycles (seen: 190 to 295 MB
 * and back within 35 s, with no growth of the troughs over five minutes), and a fifth's mean then depends
 * on where in a cycle it ends, while a leak lifts every trough. Sampled every second, not every five: RSS
 * climbs some 4 MB a second out of a trough, so a sample every 5 s could land up to 20 MB (a tenth of the
 * floor) above it, in either of the two floors compared.
 * Not part of `npm test`: .ci/run calls it once after verify.
 */
import autocannon from 'autocannon';
import { readFileSync, rmSync } from 'node:fs';
import { startInsurerSimulator } from '../src/edges/insurer-sim/index.ts';
import { createDatabase, insured, sharedKeys, startInstance, stopInstance } from '../test/support/cluster.ts';

const DURATION_S = Number(process.env['SOAK_DURATION'] ?? 300);
const SAMPLE_S = Number(process.env['SOAK_SAMPLE'] ?? 1);
/** Seconds between printed samples; the summary shows the lowest sample of each such span. */
const PRINT_S = 5;
const CONNECTIONS = 50;
const SIM_KEY = 'sk_soak';

const rssMb = (pid: number | undefined): number => {
  const status = pid === undefined ? '' : readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
};

const floor = (xs: readonly number[]): number => Math.min(...xs);

interface Sample {
  readonly atS: number;
  readonly rssMb: number;
}

/** The lowest sample of each PRINT_S seconds, at the span's start. */
const spans = (samples: readonly Sample[]): Sample[] => {
  const lowest = new Map<number, number>();
  for (const s of samples) {
    const at = Math.floor(s.atS / PRINT_S) * PRINT_S;
    lowest.set(at, Math.min(lowest.get(at) ?? Infinity, s.rssMb));
  }
  return [...lowest].map(([atS, rssMb]) => ({ atS, rssMb }));
};

const main = async (): Promise<number> => {
  const db = await createDatabase('tai_soak');
  const keys = sharedKeys();
  const sim = await startInsurerSimulator({ apiKey: SIM_KEY, seed: 3, issuanceDelayMs: 1_000 });
  const svc = await startInstance('soak', {
    TAI_DB_URL: db.url,
    TAI_INSURER_URL: sim.url,
    TAI_INSURER_API_KEY: SIM_KEY,
    ...keys.env,
  }).catch(async (e: unknown) => {
    await sim.close();
    await db.drop();
    throw e;
  });
  try {
    const customers = [];
    for (let i = 0; i < 5; i++) customers.push(await insured(svc, svc, sim, `soak${i}`));
    const requests = customers.flatMap((c) => [
      {
        method: 'POST' as const,
        path: '/v1/marketplace/publish',
        headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ segment: 'smb', visibility: 'public' }),
      },
      { method: 'GET' as const, path: '/v1/receipts?limit=10', headers: { authorization: `Bearer ${c.token}` } },
    ]);
    const samples: Sample[] = [];
    const started = Date.now();
    let printedAt = -Infinity;
    const sample = (): void => {
      const now = { atS: Math.round((Date.now() - started) / 1000), rssMb: rssMb(svc.child.pid) };
      samples.push(now);
      if (now.atS - printedAt < PRINT_S) return;
      printedAt = now.atS;
      process.stdout.write(`  t=${now.atS}s rss=${now.rssMb.toFixed(1)} MB\n`);
    };
    sample();
    const sampler = setInterval(sample, SAMPLE_S * 1000);
    process.stdout.write(`soak: ${CONNECTIONS} connections for ${DURATION_S}s on PostgreSQL\n`);
    const result = await autocannon({
      url: svc.url,
      connections: CONNECTIONS,
      duration: DURATION_S,
      requests,
      timeout: 30,
    });
    clearInterval(sampler);
    sample();
    const fifth = Math.max(1, Math.floor(samples.length / 5));
    const warm = floor(samples.slice(fifth, 2 * fifth).map((s) => s.rssMb));
    const last = floor(samples.slice(-fifth).map((s) => s.rssMb));
    const growth = (last - warm) / warm;
    const failed = result.errors + result.timeouts + result.non2xx;
    process.stdout.write(
      `soak: ${result.requests.total} requests, ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, failed ${failed}\n` +
        `soak: RSS floor after warm-up ${warm.toFixed(1)} MB, at the end ${last.toFixed(1)} MB (${(growth * 100).toFixed(1)} %; limit 10 %)\n` +
        `soak: RSS over time, the lowest of each ${PRINT_S} s (s:MB) ${spans(samples)
          .map((s) => `${s.atS}:${s.rssMb.toFixed(0)}`)
          .join(' ')}\n`,
    );
    if (failed > 0 || !(growth <= 0.1)) {
      process.stderr.write('soak: FAILED\n');
      return 1;
    }
    return 0;
  } finally {
    await stopInstance(svc);
    await sim.close();
    await db.drop();
    rmSync(keys.dir, { recursive: true, force: true });
  }
};

process.exitCode = await main();
