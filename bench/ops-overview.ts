/**
 * How long the ops dashboard's overview (GET /ops) takes to render with 10,000 customers, each with a stored
 * certificate record (signed in, 10 renders after one warm-up): on a fresh SQLite file, or on the PostgreSQL
 * database BENCH_OPS_PG_URL names (an empty one: the bench adds its customers there). Run alone with
 * `node --import tsx bench/ops-overview.ts`; `npm run bench` runs it (SQLite) with the other in-process
 * measurements.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { newCertificateRecord, type CertificateRecord } from '../src/domain/certificate/index.ts';
import { MODES } from '../src/domain/customer/types.ts';
import { newId } from '../src/domain/shared/ids.ts';
import { startBenchService } from './service.ts';
import { BENCH_ADMIN_TOKEN } from './token.ts';

const CUSTOMERS = Number(process.env['BENCH_OPS_CUSTOMERS'] ?? 10_000);
const PG_URL = process.env['BENCH_OPS_PG_URL'];
const RENDERS = 10;
const DAY = 86_400_000;

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Certificates spread over a year of expiry, some lapsed or revoked (the telemetry bench's too). */
export const benchCertificateRecord = (id: string, j: number, now: number): CertificateRecord => ({
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
    expiresAt: new Date(now + ((j % 400) - 20) * DAY).toISOString(),
    status: j % 97 === 0 ? 'revoked' : 'active',
    issuedAt: new Date(now - 400 * DAY).toISOString(),
  },
});

export const opsOverviewRender = async (): Promise<string[]> => {
  const bench = await startBenchService(PG_URL === undefined ? {} : { dbUrl: PG_URL });
  try {
    const { ctx, app } = bench.service;
    const now = ctx.clock.now();
    const at = new Date(now).toISOString();
    for (let i = 0; i < CUSTOMERS; i += 500)
      await ctx.store.transaction(async (tx) => {
        for (let j = i; j < Math.min(CUSTOMERS, i + 500); j++) {
          const id = newId('cus', now + j);
          const mode = MODES[j % MODES.length] ?? 'pilot';
          await tx.insertCustomer({
            id,
            name: `c${j}`,
            contactEmail: `c${j}@example.com`,
            mode,
            createdAt: at,
            updatedAt: at,
          });
          if (j % 50 === 49) continue;
          const record = benchCertificateRecord(id, j, now);
          await tx.forCustomer(id).saveLifecycle({ customerId: id, record, version: 1, wakeAt: null }, 0, at);
          ctx.lifecycle.state.remember(record);
        }
      });
    const signIn = await app.inject({
      method: 'POST',
      url: '/ops/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ token: BENCH_ADMIN_TOKEN }).toString(),
    });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0] ?? '';
    const times: number[] = [];
    const cpus: number[] = [];
    for (let i = 0; i <= RENDERS; i++) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const res = await app.inject({ method: 'GET', url: '/ops', headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`/ops answered ${res.statusCode}`);
      const cpu = process.cpuUsage(cpu0);
      if (i === 0) continue; // the warm-up
      times.push(performance.now() - t0);
      cpus.push((cpu.user + cpu.system) / 1000);
    }
    return [
      `GET /ops (overview) with ${CUSTOMERS.toLocaleString('en-US')} customers (${PG_URL === undefined ? 'SQLite' : 'PostgreSQL'}, ${RENDERS} renders after one warm-up)`,
      `  render                           ${median(times).toFixed(1).padStart(10)} ms median, ${Math.max(...times).toFixed(1)} ms worst`,
      `    CPU per render                 ${median(cpus).toFixed(1).padStart(10)} ms median`,
    ];
  } finally {
    await bench.close();
  }
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  process.stdout.write(`${(await opsOverviewRender()).join('\n')}\n`);
