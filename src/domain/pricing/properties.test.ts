/** Property tests (fast-check) of the pricing invariants, against naive high-precision oracles. */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configWith, lineAmount, quoteOf } from '../../../test/fixtures/pricing/helpers.ts';
import { issueExampleConfig } from '../../../test/fixtures/pricing/issue-example.ts';
import { minorUnitOf } from './currencies.ts';
import type { PricingConfig, QuoteRequest } from './schema.ts';

type Sku = PricingConfig['skus'][number];
type Tier = { upTo: string | null; unitPrice: string; flatFee?: string };

// An oracle independent of the engine's decimal clone and of its tier walk.
const Big = Decimal.clone({ precision: 200 });
const big = (s: Decimal.Value): Decimal => new Big(s);

/** n / 10^scale written as a plain decimal string. */
const scaled = (n: number, scale: number): string => new Big(n).div(new Big(10).pow(scale)).toFixed();
const decimalText = (maxInt: number, maxScale: number): fc.Arbitrary<string> =>
  fc.tuple(fc.integer({ min: 0, max: maxInt }), fc.integer({ min: 0, max: maxScale })).map(([n, s]) => scaled(n, s));

const currencyArb = fc.constantFrom('USD', 'JPY', 'KWD', 'CLF');
const minorOf = (currency: string): number => minorUnitOf(currency) ?? 2;
const feeArb = (currency: string): fc.Arbitrary<string> => decimalText(5000, minorOf(currency));

/** 1-4 tiers with integer bounds (so the naive per-unit oracle can walk them) and 0-6 place prices. */
const tiersArb = (currency: string): fc.Arbitrary<Tier[]> =>
  fc
    .array(fc.tuple(fc.integer({ min: 1, max: 80 }), decimalText(100000, 6), fc.option(feeArb(currency))), {
      minLength: 1,
      maxLength: 4,
    })
    .map((specs) => {
      let bound = 0;
      return specs.map(([width, unitPrice, fee], i): Tier => {
        bound += width;
        const upTo = i === specs.length - 1 ? null : String(bound);
        return fee === null ? { upTo, unitPrice } : { upTo, unitPrice, flatFee: fee };
      });
    });

const lowerOf = (tiers: Tier[], i: number): number => (i === 0 ? 0 : Number(tiers[i - 1]?.upTo));
const tierOfUnit = (tiers: Tier[], unit: number): number =>
  tiers.findIndex((t) => t.upTo === null || unit <= Number(t.upTo));

/** Graduated, unit by unit: each unit k = 1..q at its tier's price, plus the fee of every tier entered. */
const naiveGraduated = (tiers: Tier[], q: number): Decimal => {
  let total = big('0');
  for (let k = 1; k <= q; k++) total = total.plus(big(tiers[tierOfUnit(tiers, k)]?.unitPrice ?? 'NaN'));
  tiers.forEach((t, i) => {
    if (q > lowerOf(tiers, i)) total = total.plus(big(t.flatFee ?? '0'));
  });
  return total;
};

const naiveVolume = (tiers: Tier[], q: number): Decimal => {
  if (q === 0) return big('0');
  const t = tiers[tierOfUnit(tiers, q)];
  if (t === undefined) throw new Error('no tier');
  return big(t.unitPrice)
    .times(q)
    .plus(big(t.flatFee ?? '0'));
};

const withinHalfMinor = (line: string, exact: Decimal, minor: number): void => {
  const amount = big(line);
  expect(amount.decimalPlaces()).toBeLessThanOrEqual(minor);
  const half = big('0.5').div(big(10).pow(minor));
  expect(amount.minus(exact).abs().lte(half), `${line} vs exact ${exact.toFixed()}`).toBe(true);
};

describe('properties: graduated and volume', () => {
  it('graduated lines never decrease as the quantity grows', () => {
    fc.assert(
      fc.property(
        currencyArb.chain((c) => fc.tuple(fc.constant(c), tiersArb(c))),
        decimalText(400, 3),
        decimalText(400, 3),
        ([currency, tiers], a, b) => {
          const [lo, hi] = big(a).lte(big(b)) ? [a, b] : [b, a];
          const sku: Sku = { sku: 'g', model: 'graduated', tiers };
          expect(big(lineAmount(sku, lo, currency)).lte(big(lineAmount(sku, hi, currency)))).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('graduated and volume agree inside the first tier', () => {
    fc.assert(
      fc.property(
        currencyArb.chain((c) => fc.tuple(fc.constant(c), tiersArb(c))),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ([currency, tiers], fraction) => {
          const first = tiers[0]?.upTo;
          const q = first === null || first === undefined ? 50 : Math.floor(Number(first) * fraction);
          const g = lineAmount({ sku: 's', model: 'graduated', tiers }, String(q), currency);
          const v = lineAmount({ sku: 's', model: 'volume', tiers }, String(q), currency);
          expect(g).toBe(v);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('each line is within half a minor unit of the exact value computed unit by unit', () => {
    fc.assert(
      fc.property(
        currencyArb.chain((c) => fc.tuple(fc.constant(c), tiersArb(c))),
        fc.integer({ min: 0, max: 300 }),
        ([currency, tiers], q) => {
          const minor = minorOf(currency);
          withinHalfMinor(
            lineAmount({ sku: 's', model: 'graduated', tiers }, String(q), currency),
            naiveGraduated(tiers, q),
            minor,
          );
          withinHalfMinor(
            lineAmount({ sku: 's', model: 'volume', tiers }, String(q), currency),
            naiveVolume(tiers, q),
            minor,
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('percentage lines are within half a minor unit of clamp(amount * rate + fee)', () => {
    fc.assert(
      fc.property(
        currencyArb,
        decimalText(10 ** 9, 4),
        decimalText(10 ** 6, 6),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 10 ** 6 }),
        (currency, amount, rateMicros, feeUnits, span) => {
          const minor = minorOf(currency);
          const rate = big(rateMicros)
            .div(10 ** 6)
            .toFixed();
          const min = scaled(feeUnits * 3, minor);
          const max = big(min)
            .plus(big(scaled(span, minor)))
            .toFixed();
          const fixedFee = scaled(feeUnits, minor);
          const sku: Sku = { sku: 'p', model: 'percentage', rate, fixedFee, min, max };
          const raw = big(amount).times(big(rate)).plus(big(fixedFee));
          const exact = big(amount).isZero() ? big('0') : Decimal.min(Decimal.max(raw, big(min)), big(max));
          withinHalfMinor(lineAmount(sku, amount, currency), exact, minor);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** Random requests against the issue's example: any subset of its SKUs, random quantities and amounts. */
const requestArb: fc.Arbitrary<QuoteRequest['items']> = fc
  .subarray(issueExampleConfig.skus, { minLength: 1 })
  .chain((skus) =>
    fc.tuple(
      ...skus.map((s) =>
        s.model === 'percentage' || s.model === 'graduated_percentage'
          ? decimalText(10 ** 7, 4).map((amount) => ({ sku: s.sku, amount }))
          : decimalText(10 ** 6, 3).map((quantity) => ({ sku: s.sku, quantity })),
      ),
    ),
  );

describe('properties: whole quotes', () => {
  it('lines sum to the subtotal, and the total follows from subtotal, discounts and true-up', () => {
    fc.assert(
      fc.property(requestArb, (items) => {
        const q = quoteOf(issueExampleConfig, items);
        const sum = q.lines.reduce((acc, l) => acc.plus(big(l.amount)), big('0'));
        expect(sum.toFixed(2)).toBe(q.subtotal);
        const off = q.discounts.reduce((acc, d) => acc.plus(big(d.amount)), big('0'));
        expect(big(q.subtotal).minus(off).plus(big(q.commitmentTrueUp)).toFixed(2)).toBe(q.total);
        expect(big(q.total).gte(big('500.00'))).toBe(true);
        for (const d of q.discounts) expect(big(d.amount).gte(0)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('a quote never depends on the order of items', () => {
    fc.assert(
      fc.property(
        requestArb.chain((items) =>
          fc.tuple(fc.constant(items), fc.shuffledSubarray(items, { minLength: items.length })),
        ),
        ([items, shuffled]) => {
          expect(quoteOf(issueExampleConfig, shuffled)).toEqual(quoteOf(issueExampleConfig, items));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a line is the rounding of its breakdown plus its adjustments', () => {
    fc.assert(
      fc.property(requestArb, (items) => {
        for (const line of quoteOf(configWith(issueExampleConfig.skus), items).lines) {
          const exact = [...line.breakdown, ...line.adjustments].reduce((acc, e) => acc.plus(big(e.amount)), big('0'));
          expect(exact.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2)).toBe(line.amount);
        }
      }),
      { numRuns: 200 },
    );
  });
});
