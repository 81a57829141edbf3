/**
 * Worked examples published by billing providers, reproduced with this engine. Each block cites the
 * page its numbers come from; the numbers are the page's, not ours.
 */
import { describe, expect, it } from 'vitest';
import { configWith, lineAmount, quoteOf } from '../../../test/fixtures/pricing/helpers.ts';
import type { PricingConfig } from './schema.ts';

type Sku = PricingConfig['skus'][number];

// Stripe, "Set up tiered pricing": https://docs.stripe.com/subscriptions/pricing-models/tiered-pricing
// Tiers for Typographic's fonts: 1-5 at 7 USD, 6-10 at 6.5 USD, 11+ at 6 USD.
describe('Stripe tiered pricing (Typographic fonts)', () => {
  const tiers = [
    { upTo: '5', unitPrice: '7' },
    { upTo: '10', unitPrice: '6.5' },
    { upTo: null, unitPrice: '6' },
  ];

  it('volume-based pricing: the table on the page', () => {
    const fonts: Sku = { sku: 'fonts', model: 'volume', tiers };
    const table: [string, string][] = [
      ['1', '7.00'],
      ['5', '35.00'],
      ['6', '39.00'],
      ['20', '120.00'],
      ['25', '150.00'],
    ];
    for (const [quantity, total] of table) expect(lineAmount(fonts, quantity), quantity).toBe(total);
  });

  it('graduated pricing: the table on the page', () => {
    const fonts: Sku = { sku: 'fonts', model: 'graduated', tiers };
    const table: [string, string][] = [
      ['1', '7.00'],
      ['5', '35.00'],
      ['6', '41.50'],
      ['20', '127.50'],
      ['25', '157.50'],
    ];
    for (const [quantity, total] of table) expect(lineAmount(fonts, quantity), quantity).toBe(total);
  });
});

// Stripe, same page, "Add a flat rate": unit 5/4/3/2/1 USD with flat 10/20/30/40/50 USD,
// up_to 5, 10, 15, 20, inf. Quantity 12: volume 66 USD, graduated 111 USD. Quantity 0: Stripe bills 10 USD.
describe('Stripe tiered pricing with flat rates', () => {
  const tiers = [
    { upTo: '5', unitPrice: '5', flatFee: '10' },
    { upTo: '10', unitPrice: '4', flatFee: '20' },
    { upTo: '15', unitPrice: '3', flatFee: '30' },
    { upTo: '20', unitPrice: '2', flatFee: '40' },
    { upTo: null, unitPrice: '1', flatFee: '50' },
  ];

  it('volume, quantity 12: 12 x 3 USD + 30 USD = 66 USD', () => {
    expect(lineAmount({ sku: 'x', model: 'volume', tiers }, '12')).toBe('66.00');
  });

  it('graduated, quantity 12: (5x5+10) + (5x4+20) + (2x3+30) = 111 USD', () => {
    expect(lineAmount({ sku: 'x', model: 'graduated', tiers }, '12')).toBe('111.00');
  });

  it('quantity 0: we bill 0 where Stripe bills the first flat rate; a per-SKU minimum reproduces Stripe', () => {
    expect(lineAmount({ sku: 'x', model: 'graduated', tiers }, '0')).toBe('0.00');
    expect(lineAmount({ sku: 'x', model: 'volume', tiers }, '0')).toBe('0.00');
    const asStripe = (model: 'graduated' | 'volume'): Sku => ({ sku: 'x', model, tiers, minimum: '10' });
    expect(lineAmount(asStripe('graduated'), '0')).toBe('10.00');
    expect(lineAmount(asStripe('volume'), '0')).toBe('10.00');
    expect(lineAmount(asStripe('graduated'), '12')).toBe('111.00');
    expect(lineAmount(asStripe('volume'), '12')).toBe('66.00');
  });
});

// Lago, "Volume" charge model: https://getlago.com/docs/guide/plans/charges/charge-models/volume
// Tiers 0-10,000 at $0.0010, 10,001-50,000 at $0.0008, 50,001-100,000 at $0.0006, 100,001+ at $0.0004,
// each with a $10 fee. "65,000 API calls would cost 65,000 x $0.0006 + $10 = $49."
describe('Lago volume', () => {
  it('65,000 API calls cost $49', () => {
    const api: Sku = {
      sku: 'api',
      model: 'volume',
      tiers: [
        { upTo: '10000', unitPrice: '0.0010', flatFee: '10' },
        { upTo: '50000', unitPrice: '0.0008', flatFee: '10' },
        { upTo: '100000', unitPrice: '0.0006', flatFee: '10' },
        { upTo: null, unitPrice: '0.0004', flatFee: '10' },
      ],
    };
    expect(lineAmount(api, '65000')).toBe('49.00');
  });
});

// Lago, "Graduated percentage": https://getlago.com/docs/guide/plans/charges/charge-models/graduated-percentage
// Tiers 0-1,000 at 1% + $200, 1,001-10,000 at 2% + $300, 10,001+ at 3% + $400. Successive transactions:
// $500 costs $205.00, then $550 costs $306.00, then $4,000 costs $80.00. A quote prices the running total,
// so the page's per-transaction costs are the differences between successive quotes.
describe('Lago graduated percentage', () => {
  const sku: Sku = {
    sku: 'gmv',
    model: 'graduated_percentage',
    tiers: [
      { upTo: '1000', rate: '0.01', flatFee: '200' },
      { upTo: '10000', rate: '0.02', flatFee: '300' },
      { upTo: null, rate: '0.03', flatFee: '400' },
    ],
  };

  it('transactions of $500, $550 and $4,000 cost $205, $306 and $80', () => {
    expect(lineAmount(sku, '500')).toBe('205.00');
    expect(lineAmount(sku, '1050')).toBe('511.00'); // 205 + 306
    expect(lineAmount(sku, '5050')).toBe('591.00'); // 205 + 306 + 80
  });
});

// Lago, "Percentage": https://getlago.com/docs/guide/plans/charges/charge-models/percentage
// 1.2% of the amount and a $0.10 fee per transaction: "the charge will be $0.10 x 1 event + 1.2% of $50 =
// $0.70". (The page's free units are not modelled here; this is its one charged transaction.)
describe('Lago percentage', () => {
  it('a $50 transaction at 1.2% + $0.10 costs $0.70', () => {
    expect(lineAmount({ sku: 'tx', model: 'percentage', rate: '0.012', fixedFee: '0.10' }, '50')).toBe('0.70');
  });
});

// Kill Bill, "Usage: consumable in arrear": https://docs.killbill.io/latest/consumable_in_arrear.html
// $30/month recurring; the first 5 videos at $2/video, the next at $1/video (the page's second tier stops
// at an "arbitrary number large enough", 10000; here it is the open tier). Louis watched 13 videos:
// "A USAGE item for a price of $18 (= 5 * 2 + 8 * 1)", and the recurring $30.
describe('Kill Bill consumable in arrear (chocolate videos)', () => {
  it('13 videos cost $18 of usage, $48 with the $30 recurring fee', () => {
    const config = configWith([
      { sku: 'chocolate-monthly', model: 'flat', amount: '30.00' },
      {
        sku: 'chocolate-videos',
        model: 'graduated',
        tiers: [
          { upTo: '5', unitPrice: '2' },
          { upTo: null, unitPrice: '1' },
        ],
      },
    ]);
    const q = quoteOf(config, [
      { sku: 'chocolate-monthly', quantity: '1' },
      { sku: 'chocolate-videos', quantity: '13' },
    ]);
    expect(q.lines.map((l) => l.amount)).toEqual(['30.00', '18.00']);
    expect(q.total).toBe('48.00');
  });
});

// Kill Bill, "Catalog Examples", Usage Billing: https://docs.killbill.io/latest/catalog-examples.html
// water-monthly: $30 recurring; $1.50 per liter for the first 1000 liters, $2.0 per liter above.
// ALL_TIERS (graduated): 400 liters -> $630, 1200 liters -> $1930. TOP_TIER (volume): 400 -> $630, 1200 -> $2430.
// Capacity billing: a flat $750 up to 1000 units, $500 above: 400 -> $780, 1200 -> $530 (with the $30).
describe('Kill Bill usage tiers (water)', () => {
  const tiers = [
    { upTo: '1000', unitPrice: '1.50' },
    { upTo: null, unitPrice: '2.0' },
  ];
  const invoice = (usage: Sku, liters: string): string =>
    quoteOf(configWith([{ sku: 'water-monthly', model: 'flat', amount: '30' }, usage]), [
      { sku: 'water-monthly', quantity: '1' },
      { sku: usage.sku, quantity: liters },
    ]).total;

  it('ALL_TIERS is graduated: $630 and $1930', () => {
    const usage: Sku = { sku: 'liter', model: 'graduated', tiers };
    expect(invoice(usage, '400')).toBe('630.00');
    expect(invoice(usage, '1200')).toBe('1930.00');
  });

  it('TOP_TIER is volume: $630 and $2430', () => {
    const usage: Sku = { sku: 'liter', model: 'volume', tiers };
    expect(invoice(usage, '400')).toBe('630.00');
    expect(invoice(usage, '1200')).toBe('2430.00');
  });

  it('CAPACITY is volume with flat fees only: $780 and $530', () => {
    const usage: Sku = {
      sku: 'liter',
      model: 'volume',
      tiers: [
        { upTo: '1000', unitPrice: '0', flatFee: '750' },
        { upTo: null, unitPrice: '0', flatFee: '500' },
      ],
    };
    expect(invoice(usage, '400')).toBe('780.00');
    expect(invoice(usage, '1200')).toBe('530.00');
  });
});
