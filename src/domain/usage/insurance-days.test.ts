import { describe, expect, it } from 'vitest';
import { insuranceDays, type InsuranceEvent } from './insurance-days.ts';

const at = (iso: string, mark: InsuranceEvent['mark']): InsuranceEvent => ({ atMs: Date.parse(iso), mark });
const NOW = Date.parse('2026-03-20T12:00:00Z');

describe('days insured and read-only', () => {
  it('counts a day read-only when any part of it was, uninsured before the first verification', () => {
    const events = [
      at('2026-03-02T10:00:00Z', 'verified'),
      at('2026-03-05T23:00:00Z', 'degraded'),
      at('2026-03-07T01:00:00Z', 'recovered'),
      at('2026-03-08T00:00:00Z', 'verified'),
    ];
    const days = insuranceDays(events, { from: '2026-03-01', to: '2026-03-11' }, NOW);
    // 03-01 and 03-02 uninsured (03-02 partly); 03-05, 03-06, 03-07 read-only; the rest insured.
    expect(days).toEqual({
      insured: 5,
      readOnly: 3,
      uninsured: 2,
      readOnlyDays: ['2026-03-05', '2026-03-06', '2026-03-07'],
    });
  });

  it('carries the standing from before the range, and counts no day that has not begun', () => {
    const events = [at('2026-01-01T00:00:00Z', 'verified'), at('2026-02-01T00:00:00Z', 'degraded')];
    const days = insuranceDays(events, { from: '2026-03-15', to: '2026-04-01' }, NOW);
    expect(days.readOnly).toBe(6); // 03-15 to 03-20; 03-21 onwards has not begun
    expect(days.insured + days.uninsured).toBe(0);
  });

  it('takes events in time order whatever order they come in', () => {
    const a = [at('2026-03-03T00:00:00Z', 'degraded'), at('2026-03-01T00:00:00Z', 'verified')];
    const days = insuranceDays(a, { from: '2026-03-01', to: '2026-03-05' }, NOW);
    expect(days).toMatchObject({ insured: 2, readOnly: 2, uninsured: 0 });
  });
});
