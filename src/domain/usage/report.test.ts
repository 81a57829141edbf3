import { describe, expect, it } from 'vitest';
import { bucketOf, emptyBuckets } from './histogram.ts';
import { buildUsageReport } from './report.ts';
import type { UsageCell } from './types.ts';

const cell = (hour: string, kind: string, latencies: number[], clientErrors = 0, serverErrors = 0): UsageCell => {
  const buckets = emptyBuckets();
  for (const l of latencies) buckets[bucketOf(l)] = (buckets[bucketOf(l)] ?? 0) + 1;
  return { customerId: 'cus_a', hour, kind, requests: latencies.length, clientErrors, serverErrors, buckets };
};
const PUBLISH = 'POST /v1/marketplace/publish';
const QUOTE = 'POST /v1/pricing/calculate';

describe('usage report', () => {
  const cells = [
    cell('2026-03-01T09', PUBLISH, [1, 2, 4, 8], 1),
    cell('2026-03-01T10', PUBLISH, [16], 0, 1),
    cell('2026-03-02T00', QUOTE, [0.5, 0.5]),
    cell('2026-03-05T00', QUOTE, [100]), // outside the range
  ];
  const report = buildUsageReport('cus_a', { from: '2026-03-01', to: '2026-03-05' }, cells, ['publish', 'deploy']);

  it('sums operations per kind per day, inside the range only', () => {
    expect(report.days).toEqual([
      { day: '2026-03-01', requests: 5, errorRate: 0.4, kinds: [{ kind: PUBLISH, requests: 5, errors: 2 }] },
      { day: '2026-03-02', requests: 2, errorRate: 0, kinds: [{ kind: QUOTE, requests: 2, errors: 0 }] },
    ]);
    expect(report.totals).toMatchObject({ requests: 7, clientErrors: 1, serverErrors: 1, errorRate: 0.2857 });
  });

  it('computes percentiles from the summed histograms', () => {
    const publish = report.kinds.find((k) => k.kind === PUBLISH);
    expect(publish?.latencyMs).toEqual({ p50: 4, p95: 16, p99: 16 });
  });

  it('reports adoption: successful operations per feature, contracted or not, and the first day used', () => {
    expect(report.adoption).toEqual({
      kindsUsed: 2,
      features: [
        { feature: 'deploy', contracted: true, operations: 0, firstUsedOn: null },
        { feature: 'publish', contracted: true, operations: 3, firstUsedOn: '2026-03-01' },
        { feature: 'quote', contracted: false, operations: 2, firstUsedOn: '2026-03-02' },
      ],
    });
  });
});
