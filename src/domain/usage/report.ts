/**
 * The usage report of one customer over whole UTC days [from, to): operations per kind per day, error
 * rates, latency percentiles from the summed histograms, and adoption (which features were used, and
 * since when). Pure: the cells come from the hourly aggregates.
 */
import { featureOf } from './features.ts';
import { addBuckets, emptyBuckets, quantileMs } from './histogram.ts';
import type { UsageCell } from './types.ts';

const LATENCY_RESOLUTION =
  'Latency percentiles are upper bounds of histogram buckets spaced by a factor of sqrt(2) from 0.25 ms to 8192 ms (at most 41 % above the true value); slower answers report 8192.';

interface Tally {
  requests: number;
  clientErrors: number;
  serverErrors: number;
  buckets: number[];
}

const tally = (): Tally => ({ requests: 0, clientErrors: 0, serverErrors: 0, buckets: emptyBuckets() });
const add = (t: Tally, c: UsageCell): void => {
  t.requests += c.requests;
  t.clientErrors += c.clientErrors;
  t.serverErrors += c.serverErrors;
  addBuckets(t.buckets, c.buckets);
};

/** A ratio to four decimals (0 when nothing was asked). */
const rate = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

const summary = (t: Tally) => ({
  requests: t.requests,
  clientErrors: t.clientErrors,
  serverErrors: t.serverErrors,
  errorRate: rate(t.clientErrors + t.serverErrors, t.requests),
  latencyMs: { p50: quantileMs(t.buckets, 0.5), p95: quantileMs(t.buckets, 0.95), p99: quantileMs(t.buckets, 0.99) },
});

export type UsageSummary = ReturnType<typeof summary>;

export interface UsageReport {
  readonly customerId: string;
  readonly from: string;
  readonly to: string;
  readonly latencyResolution: string;
  readonly totals: UsageSummary;
  readonly kinds: ({ readonly kind: string } & UsageSummary)[];
  readonly days: {
    readonly day: string;
    readonly requests: number;
    readonly errorRate: number;
    readonly kinds: { readonly kind: string; readonly requests: number; readonly errors: number }[];
  }[];
  readonly adoption: {
    readonly kindsUsed: number;
    readonly features: {
      readonly feature: string;
      readonly contracted: boolean;
      /** Successful operations of the feature in the range. */
      readonly operations: number;
      readonly firstUsedOn: string | null;
    }[];
  };
}

const byKey = <T>(m: Map<string, T>): [string, T][] =>
  [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

export const buildUsageReport = (
  customerId: string,
  range: { readonly from: string; readonly to: string },
  cells: readonly UsageCell[],
  contractedFeatures: readonly string[],
): UsageReport => {
  const total = tally();
  const kinds = new Map<string, Tally>();
  const days = new Map<string, Map<string, Tally>>();
  const features = new Map<string, { operations: number; firstUsedOn: string | null }>();
  for (const f of contractedFeatures) features.set(f, { operations: 0, firstUsedOn: null });
  for (const c of [...cells].sort((a, b) => (a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : 0))) {
    const day = c.hour.slice(0, 10);
    if (day < range.from || day >= range.to) continue;
    add(total, c);
    const k = kinds.get(c.kind) ?? tally();
    kinds.set(c.kind, k);
    add(k, c);
    const d = days.get(day) ?? new Map<string, Tally>();
    days.set(day, d);
    const dk = d.get(c.kind) ?? tally();
    d.set(c.kind, dk);
    add(dk, c);
    const feature = featureOf(c.kind);
    const ok = c.requests - c.clientErrors - c.serverErrors;
    if (feature !== undefined && ok > 0) {
      const f = features.get(feature) ?? { operations: 0, firstUsedOn: null };
      features.set(feature, { operations: f.operations + ok, firstUsedOn: f.firstUsedOn ?? day });
    }
  }
  return {
    customerId,
    from: range.from,
    to: range.to,
    latencyResolution: LATENCY_RESOLUTION,
    totals: summary(total),
    kinds: byKey(kinds).map(([kind, t]) => ({ kind, ...summary(t) })),
    days: byKey(days).map(([day, m]) => {
      const t = tally();
      for (const v of m.values()) {
        t.requests += v.requests;
        t.clientErrors += v.clientErrors;
        t.serverErrors += v.serverErrors;
      }
      return {
        day,
        requests: t.requests,
        errorRate: rate(t.clientErrors + t.serverErrors, t.requests),
        kinds: byKey(m).map(([kind, v]) => ({ kind, requests: v.requests, errors: v.clientErrors + v.serverErrors })),
      };
    }),
    adoption: {
      kindsUsed: kinds.size,
      features: byKey(features).map(([feature, f]) => ({
        feature,
        contracted: contractedFeatures.includes(feature),
        ...f,
      })),
    },
  };
};
