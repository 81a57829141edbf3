/**
 * The lifecycle simulation. CI runs a short default; the long run from the issue is:
 *
 *   TAI_SIM_CUSTOMERS=1000 TAI_SIM_DAYS=400 npx vitest run test/simulation
 *
 * TAI_SIM_SEED picks the world (default fixed, so CI is deterministic); a failure prints the command that replays it.
 */
import { describe, expect, it } from 'vitest';
import { runSimulation, type SimReport } from './simulation.ts';
import type { SimOptions } from './scenario.ts';

const intFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return n;
};

const options: SimOptions = {
  seed: intFromEnv('TAI_SIM_SEED', 20260101),
  customers: intFromEnv('TAI_SIM_CUSTOMERS', 200),
  days: intFromEnv('TAI_SIM_DAYS', 60),
  limitPerMinute: 1000,
};

const replay = (o: SimOptions): string =>
  `TAI_SIM_SEED=${o.seed} TAI_SIM_CUSTOMERS=${o.customers} TAI_SIM_DAYS=${o.days} npx vitest run test/simulation`;

const explain = (report: SimReport): string =>
  [
    `simulation failed; replay with: ${replay(report.options)}`,
    ...report.violations,
    `stats: ${JSON.stringify(report.stats)}`,
  ].join('\n');

describe('certificate lifecycle simulation', () => {
  const timeout = Math.max(30_000, options.customers * options.days * 2);

  it(
    `${options.customers} customers x ${options.days} days, seed ${options.seed}: every invariant holds`,
    { timeout },
    () => {
      const report = runSimulation(options);
      expect(report.violations, explain(report)).toEqual([]);
      // The run exercised what it claims to (otherwise the invariants hold vacuously).
      const s = report.stats;
      expect(s['checks'], explain(report)).toBeGreaterThan(options.customers * options.days * 3);
      expect(s['insurer_faults'], explain(report)).toBeGreaterThan(0);
      expect(s['notify_certificate.expired'] ?? 0, explain(report)).toBeGreaterThan(0);
      expect(
        (s['notify_certificate.revoked'] ?? 0) +
          (s['notify_certificate.suspended'] ?? 0) +
          (s['notify_customer.read_only'] ?? 0),
        explain(report),
      ).toBeGreaterThan(0);
      expect(s['notify_customer.restored'] ?? 0, explain(report)).toBeGreaterThan(0);
      expect(s['operator_recoveries'] ?? 0, explain(report)).toBeGreaterThan(0);
      expect(s['contractual_authorizations'] ?? 0, explain(report)).toBeGreaterThan(0);
      expect(s['restarts'] ?? 0, explain(report)).toBeGreaterThan(0);
      console.log(`simulation ${replay(options)}\n${JSON.stringify(report.stats, null, 1)}`);
    },
  );

  it('keeps a tight insurer rate limit by spreading checks (same world, 30 calls/min)', { timeout }, () => {
    const tight = {
      ...options,
      customers: Math.min(options.customers, 100),
      days: Math.min(options.days, 20),
      limitPerMinute: 30,
    };
    const report = runSimulation(tight);
    expect(report.stats['rate_limit_violations'], explain(report)).toBe(0);
    expect(report.violations, explain(report)).toEqual([]);
  });
});
