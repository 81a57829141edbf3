/** The waterfall of one contract and the monthly report over customers, with opening balances and currencies. */
import { describe, expect, it } from 'vitest';
import { revenueReport, type ReportInput } from './report.ts';
import { waterfall } from './waterfall.ts';

const line = (customerId: string, period: string, kind: ReportInput['kind'], amount: string, currency = 'USD') => ({
  customerId,
  period,
  kind,
  amount,
  currency,
});

describe('waterfall', () => {
  it("opens each period with the last one's closing balance, empty months included", () => {
    const rows = waterfall(
      [
        line('a', '2026-01', 'billing', '300.00'),
        line('a', '2026-01', 'recognition', '100.00'),
        line('a', '2026-03', 'recognition', '100.00'),
        line('a', '2026-03', 'usage', '5.00'),
      ],
      2,
    );
    expect(rows).toEqual([
      { period: '2026-01', billed: '300.00', recognized: '100.00', deferredOpening: '0.00', deferredClosing: '200.00' },
      { period: '2026-02', billed: '0.00', recognized: '0.00', deferredOpening: '200.00', deferredClosing: '200.00' },
      { period: '2026-03', billed: '5.00', recognized: '105.00', deferredOpening: '200.00', deferredClosing: '100.00' },
    ]);
  });
});

describe('revenueReport', () => {
  const entries = [
    line('cus_b', '2025-12', 'billing', '1200.00'),
    line('cus_b', '2025-12', 'recognition', '100.00'),
    line('cus_b', '2026-01', 'recognition', '100.00'),
    line('cus_a', '2026-01', 'billing', '500'),
    line('cus_c', '2026-02', 'usage', '3.000', 'KWD'),
    line('cus_b', '2026-03', 'recognition', '100.00'),
  ];
  const report = revenueReport(entries, '2026-01', '2026-02');

  it('per customer: recognized in each month, deferred at its end, entries before the range as the opening', () => {
    expect(report.customers.filter((r) => r.customerId === 'cus_b')).toEqual([
      { customerId: 'cus_b', currency: 'USD', period: '2026-01', recognized: '100.00', deferred: '1000.00' },
      { customerId: 'cus_b', currency: 'USD', period: '2026-02', recognized: '0.00', deferred: '1000.00' },
    ]);
    expect(
      report.customers.filter((r) => r.customerId === 'cus_c').map((r) => [r.period, r.recognized, r.deferred]),
    ).toEqual([
      ['2026-01', '0.000', '0.000'],
      ['2026-02', '3.000', '0.000'],
    ]);
  });

  it('totals per currency and month, never adding two currencies', () => {
    expect(report.totals).toEqual([
      { customerId: null, currency: 'KWD', period: '2026-01', recognized: '0.000', deferred: '0.000' },
      { customerId: null, currency: 'KWD', period: '2026-02', recognized: '3.000', deferred: '0.000' },
      { customerId: null, currency: 'USD', period: '2026-01', recognized: '100.00', deferred: '1500.00' },
      { customerId: null, currency: 'USD', period: '2026-02', recognized: '0.00', deferred: '1500.00' },
    ]);
  });
});
