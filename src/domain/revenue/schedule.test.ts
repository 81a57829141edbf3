/** Modifications accounted prospectively, and cancellation, over a year's contract (hand-computed). */
import { describe, expect, it } from 'vitest';
import { Dec } from '../pricing/decimal.ts';
import { allocateFixed, transactionPrice } from './allocation.ts';
import { compileHistory } from './history.ts';
import { contractSchedule } from './schedule.ts';
import { termsDoc, versionsOf } from '../../../test/support/revenue.ts';
import type { RevenueTermsDocument } from './types.ts';
import { compileTerms } from './validate.ts';

const priced = (price: string, over: Partial<RevenueTermsDocument> = {}): RevenueTermsDocument =>
  termsDoc({
    obligations: [{ id: 'platform', kind: 'platform_access', price, standaloneSellingPrice: price, method: 'monthly' }],
    ...over,
  });

const scheduleOf = (...docs: RevenueTermsDocument[]) => {
  const s = contractSchedule(compileHistory(versionsOf(...docs)));
  return {
    months: Object.fromEntries(s.recognition.map((r) => [r.period, r.amount.toFixed(2)])),
    invoices: s.invoices.map((i) => [i.day, i.amount.toFixed(2)]),
  };
};
const months = (from: number, to: number, amount: string): Record<string, string> =>
  Object.fromEntries(
    Array.from({ length: to - from + 1 }, (_, i) => [`2026-${String(from + i).padStart(2, '0')}`, amount]),
  );

describe('contract schedule', () => {
  it('upgrade on July 1: the 9000 still to earn (15000 - 6000) spreads over the six months left', () => {
    const s = scheduleOf(
      priced('12000.00'),
      priced('15000.00', { effectiveFrom: '2026-07-01', modification: 'upgrade' }),
    );
    expect(s.months).toEqual({ ...months(1, 6, '1000.00'), ...months(7, 12, '1500.00') });
    expect(s.invoices).toEqual([
      ['2026-01-01', '12000.00'],
      ['2026-07-01', '3000.00'],
    ]);
  });

  it('downgrade on July 1 to 9000: the remaining 3000 over six months; already billed, a credit of 3000', () => {
    const s = scheduleOf(
      priced('12000.00'),
      priced('9000.00', { effectiveFrom: '2026-07-01', modification: 'downgrade' }),
    );
    expect(s.months).toEqual({ ...months(1, 6, '1000.00'), ...months(7, 12, '500.00') });
    expect(s.invoices).toEqual([
      ['2026-01-01', '12000.00'],
      ['2026-07-01', '-3000.00'],
    ]);
  });

  it('a downgrade below what was already recognized is refused', () => {
    expect(() =>
      scheduleOf(priced('12000.00'), priced('5000.00', { effectiveFrom: '2026-07-01', modification: 'downgrade' })),
    ).toThrow(expect.objectContaining({ code: 'TAI-REVENUE-BELOW-RECOGNIZED' }));
  });

  it('extension on July 1 to mid-2027 for 18000 in all: 12000 left over twelve months', () => {
    const s = scheduleOf(
      priced('12000.00'),
      priced('18000.00', { effectiveFrom: '2026-07-01', modification: 'extension', serviceEnd: '2027-07-01' }),
    );
    expect(Object.values(s.months).slice(6)).toEqual(Array(12).fill('1000.00'));
    // Annual upfront: the 6000 left to bill goes to the modification day and the anniversary, by the days
    // each bills ahead (184 and 181).
    expect(s.invoices).toEqual([
      ['2026-01-01', '12000.00'],
      ['2026-07-01', '3024.66'],
      ['2027-01-01', '2975.34'],
    ]);
  });

  it('cancellation on October 1 stops recognition and billing; 3000 billed stays unearned', () => {
    const doc = priced('12000.00');
    const s = scheduleOf(doc, { ...doc, effectiveFrom: '2026-10-01', modification: 'cancellation' });
    expect(s.months).toEqual(months(1, 9, '1000.00'));
    expect(s.invoices).toEqual([['2026-01-01', '12000.00']]);
  });

  it('a mid-month upgrade of a daily obligation splits that month between the two versions', () => {
    const daily = (price: string, over: Partial<RevenueTermsDocument> = {}) =>
      termsDoc({
        serviceEnd: '2026-04-01',
        obligations: [{ id: 'p', kind: 'platform_access', price, standaloneSellingPrice: price, method: 'daily' }],
        ...over,
      });
    // 90.00 over 90 days; on Feb 15 (45 days earned) the price becomes 135.00: 90.00 left over 45 days.
    const s = contractSchedule(
      compileHistory(
        versionsOf(daily('90.00'), daily('135.00', { effectiveFrom: '2026-02-15', modification: 'upgrade' })),
      ),
    );
    expect(s.recognition.map((r) => [r.period, r.from, r.to, r.amount.toFixed(2), r.version])).toEqual([
      ['2026-01', '2026-01-01', '2026-02-01', '31.00', 1],
      ['2026-02', '2026-02-01', '2026-02-15', '14.00', 1],
      ['2026-02', '2026-02-15', '2026-03-01', '28.00', 2],
      ['2026-03', '2026-03-01', '2026-04-01', '62.00', 2],
    ]);
  });

  it('monthly billing in advance on the 1st: whole months billed equally, partial ones for their share of a month', () => {
    const s = scheduleOf(
      priced('365.00', {
        serviceStart: '2026-01-15',
        effectiveFrom: '2026-01-15',
        serviceEnd: '2026-04-15',
        billing: { kind: 'monthly_in_advance', billingDay: 1 },
        obligations: [{ id: 'p', kind: 'support', price: '90.00', standaloneSellingPrice: '90.00', method: 'daily' }],
      }),
    );
    // Whole months weigh one each; January 15-31 weighs 17/31 and April 1-14 weighs 14/30, so 90.00
    // is 2.5151... months of 29.85 (half-up), April taking the remainder.
    expect(s.invoices).toEqual([
      ['2026-01-15', '16.37'],
      ['2026-02-01', '29.85'],
      ['2026-03-01', '29.85'],
      ['2026-04-01', '13.93'],
    ]);
  });
});

describe('transaction price and allocation', () => {
  it('a discounted bundle: 10800 for SSPs of 10000, 2000 and 1000, allocated in proportion, summing exactly', () => {
    const terms = compileTerms(
      1,
      termsDoc({
        obligations: [
          {
            id: 'platform',
            kind: 'platform_access',
            price: '9000.00',
            standaloneSellingPrice: '10000.00',
            method: 'daily',
          },
          { id: 'support', kind: 'support', price: '1800.00', standaloneSellingPrice: '2000.00', method: 'daily' },
          { id: 'setup', kind: 'setup_fee', price: '0.00', standaloneSellingPrice: '1000.00', method: 'daily' },
          {
            id: 'deploys',
            kind: 'usage',
            meter: 'deploy',
            includedPerMonth: '5',
            unitPrice: '4.00',
            expectedUnits: '120',
            inTransactionPrice: true,
          },
        ],
      }),
    );
    const price = transactionPrice(terms);
    expect([price.fixed.toFixed(2), price.variable.toFixed(2), price.total.toFixed(2)]).toEqual([
      '10800.00',
      '480.00',
      '11280.00',
    ]);
    // 10800 x 10/13 = 8307.692..., x 2/13 = 1661.538..., x 1/13 = 830.769...: one cent left after cutting down, to the part that lost most.
    expect(allocateFixed(terms, price.fixed).map((a) => [a.obligationId, a.amount.toFixed(2)])).toEqual([
      ['platform', '8307.69'],
      ['support', '1661.54'],
      ['setup', '830.77'],
    ]);
    expect(allocateFixed(terms, new Dec('0.01')).map((a) => a.amount.toFixed(2))).toEqual(['0.01', '0.00', '0.00']);
  });
});
