/** compileTerms and compileHistory: each refusal has its code and the path at fault. */
import { describe, expect, it } from 'vitest';
import { compileHistory } from './history.ts';
import { termsDoc, versionsOf } from '../../../test/support/revenue.ts';
import type { RevenueTermsDocument } from './types.ts';
import { compileTerms } from './validate.ts';

const refused = (doc: unknown, code: string, path?: string) =>
  expect(() => compileTerms(1, doc)).toThrow(expect.objectContaining(path === undefined ? { code } : { code, path }));

const platform = { id: 'platform', kind: 'platform_access', price: '1200.00', standaloneSellingPrice: '1500.00' };

describe('compileTerms', () => {
  it('compiles a bundle: ratable lines with their prices and SSPs, usage with its meter', () => {
    const terms = compileTerms(
      1,
      termsDoc({
        billing: { kind: 'monthly_in_advance', billingDay: 1 },
        obligations: [
          { ...platform, kind: 'platform_access', method: 'daily' },
          { id: 'setup', kind: 'setup_fee', price: '500.00', standaloneSellingPrice: '0.00', method: 'daily' },
          { id: 'publishes', kind: 'usage', meter: 'publish', includedPerMonth: '10', unitPrice: '2.50' },
        ],
      }),
    );
    expect(terms.ratable.map((o) => [o.id, o.price.toFixed(2), o.ssp.toFixed(2)])).toEqual([
      ['platform', '1200.00', '1500.00'],
      ['setup', '500.00', '0.00'],
    ]);
    expect(terms.usage.map((u) => [u.meter, u.includedPerMonth.toFixed(), u.inTransactionPrice])).toEqual([
      ['publish', '10', false],
    ]);
  });

  it('refuses each malformed document with its own code', () => {
    const monthly = { ...platform, kind: 'platform_access', method: 'monthly' } as const;
    refused({ ...termsDoc(), extra: 1 }, 'TAI-REVENUE-TERMS-INVALID');
    refused(termsDoc({ obligations: [{ ...monthly, method: 'weekly' } as never] }), 'TAI-REVENUE-TERMS-INVALID');
    refused(termsDoc({ currency: 'XXX' }), 'TAI-REVENUE-CURRENCY-UNKNOWN', '/currency');
    refused(termsDoc({ serviceEnd: '2026-02-30' }), 'TAI-REVENUE-DATE-INVALID', '/serviceEnd');
    refused(termsDoc({ serviceEnd: '2026-01-01' }), 'TAI-REVENUE-PERIOD-EMPTY', '/serviceEnd');
    refused(termsDoc({ billing: { kind: 'monthly_in_advance', billingDay: 29 } }), 'TAI-REVENUE-BILLING-DAY-RANGE');
    refused(termsDoc({ obligations: [] }), 'TAI-REVENUE-NO-OBLIGATIONS', '/obligations');
    refused(termsDoc({ obligations: [monthly, monthly] }), 'TAI-REVENUE-OBLIGATION-DUPLICATE', '/obligations/1');
    refused(
      termsDoc({ obligations: [{ ...monthly, price: '1.001' }] }),
      'TAI-REVENUE-AMOUNT-INVALID',
      '/obligations/0/price',
    );
    refused(
      termsDoc({ obligations: [{ ...monthly, price: '-1' }] }),
      'TAI-REVENUE-AMOUNT-INVALID',
      '/obligations/0/price',
    );
    refused(termsDoc({ obligations: [{ ...monthly, standaloneSellingPrice: '0' }] }), 'TAI-REVENUE-SSP-ZERO');
    refused(
      termsDoc({ serviceEnd: '2026-12-15', obligations: [monthly] }),
      'TAI-REVENUE-MONTHLY-PARTIAL',
      '/obligations/0/method',
    );
    const meter = { kind: 'usage', meter: 'deploy', includedPerMonth: '0', unitPrice: '1' } as const;
    refused(
      termsDoc({ obligations: [monthly, { ...meter, id: 'a' }, { ...meter, id: 'b' }] }),
      'TAI-REVENUE-OBLIGATION-DUPLICATE',
      '/obligations/2',
    );
  });
});

describe('compileHistory', () => {
  const v1 = termsDoc();
  const change = (over: Partial<RevenueTermsDocument>): RevenueTermsDocument =>
    termsDoc({ effectiveFrom: '2026-07-01', modification: 'upgrade', ...over });
  const refusedHistory = (code: string, ...docs: RevenueTermsDocument[]) =>
    expect(() => compileHistory(versionsOf(...docs))).toThrow(expect.objectContaining({ code }));

  it('accepts upgrade, extension and cancellation in order', () => {
    const history = compileHistory(
      versionsOf(
        v1,
        change({}),
        change({ effectiveFrom: '2026-08-01', modification: 'extension', serviceEnd: '2027-08-01' }),
        change({ effectiveFrom: '2026-09-01', modification: 'cancellation', serviceEnd: '2027-08-01' }),
      ),
    );
    expect(history.map((t) => t.modification)).toEqual([null, 'upgrade', 'extension', 'cancellation']);
  });

  it('refuses histories that are not a contract modified in order', () => {
    refusedHistory('TAI-REVENUE-MODIFICATION-INVALID', termsDoc({ modification: 'upgrade' }));
    refusedHistory('TAI-REVENUE-MODIFICATION-INVALID', termsDoc({ effectiveFrom: '2026-02-01' }));
    refusedHistory('TAI-REVENUE-MODIFICATION-INVALID', v1, termsDoc({ effectiveFrom: '2026-07-01' }));
    refusedHistory('TAI-REVENUE-VERSION-MISMATCH', v1, change({ currency: 'EUR' }));
    refusedHistory('TAI-REVENUE-VERSION-ORDER', v1, change({ effectiveFrom: '2027-01-01', serviceEnd: '2028-01-01' }));
    refusedHistory('TAI-REVENUE-MODIFICATION-INVALID', v1, change({ modification: 'extension' }));
    refusedHistory(
      'TAI-REVENUE-MODIFICATION-INVALID',
      v1,
      change({ modification: 'cancellation' }),
      change({ effectiveFrom: '2026-08-01' }),
    );
    // A monthly obligation's service month may not be cut in the middle.
    refusedHistory(
      'TAI-REVENUE-MONTHLY-PARTIAL',
      v1,
      change({ effectiveFrom: '2026-07-15', serviceEnd: '2027-01-15' }),
    );
  });
});
