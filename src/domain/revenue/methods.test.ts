/** The worked examples of docs/revenue.md, one per method, and the remainder rules they illustrate. */
import { describe, expect, it } from 'vitest';
import { previewSchedule } from './preview.ts';

const periods = (amount: string, start: string, end: string, method: string) =>
  previewSchedule({ amount, currency: 'USD', start, end, method }).periods.map((p) => `${p.period} ${p.amount}`);

describe('docs/revenue.md worked examples', () => {
  it('daily: 100.00 over [2019-01-10, 2019-03-16), 65 days; the last month takes the remainder', () => {
    expect(periods('100.00', '2019-01-10', '2019-03-16', 'daily')).toEqual([
      '2019-01 33.85',
      '2019-02 43.08',
      '2019-03 23.07',
    ]);
  });

  it('monthly: 100.00 over three service months from January 31, booked in the months they start', () => {
    expect(periods('100.00', '2026-01-31', '2026-04-30', 'monthly')).toEqual([
      '2026-01 33.33',
      '2026-02 33.33',
      '2026-03 33.34',
    ]);
    expect(() => periods('100.00', '2026-01-31', '2026-04-29', 'monthly')).toThrow(
      expect.objectContaining({ code: 'TAI-REVENUE-MONTHLY-PARTIAL' }),
    );
  });

  it('monthly_prorated: 1000.00 over [2026-01-20, 2026-05-10); partial months by days, full ones equal', () => {
    // 110 days: January 12 (109.09), May 9 (81.82); February to April share the 809.09 left, April the remainder.
    expect(periods('1000.00', '2026-01-20', '2026-05-10', 'monthly_prorated')).toEqual([
      '2026-01 109.09',
      '2026-02 269.70',
      '2026-03 269.70',
      '2026-04 269.69',
      '2026-05 81.82',
    ]);
  });

  it('the remainder never goes negative: a few cents over many periods', () => {
    expect(periods('0.06', '2026-01-01', '2027-01-01', 'monthly')).toEqual([
      ...['01', '02', '03', '04', '05', '06'].map((m) => `2026-${m} 0.01`),
      ...['07', '08', '09', '10', '11', '12'].map((m) => `2026-${m} 0.00`),
    ]);
  });

  it('previews refuse what terms would refuse', () => {
    const bad = (over: object, code: string) =>
      expect(() =>
        previewSchedule({
          amount: '1.00',
          currency: 'USD',
          start: '2026-01-01',
          end: '2026-02-01',
          method: 'daily',
          ...over,
        }),
      ).toThrow(expect.objectContaining({ code }));
    bad({ amount: '1.001' }, 'TAI-REVENUE-AMOUNT-INVALID');
    bad({ currency: 'ABC' }, 'TAI-REVENUE-CURRENCY-UNKNOWN');
    bad({ start: '2026-13-01' }, 'TAI-REVENUE-DATE-INVALID');
    bad({ end: '2026-01-01' }, 'TAI-REVENUE-PERIOD-EMPTY');
    bad({ method: 'weekly' }, 'TAI-REVENUE-TERMS-INVALID');
  });
});
