/** Bad pricing configurations and bad quote requests: each a 4xx with its own code and the JSON path at fault. */
import { beforeAll, expect, it } from 'vitest';
import { issueExampleConfig } from '../fixtures/pricing/issue-example.ts';

import { onboard, describeService } from '../support/service.ts';

const withSku = (sku: unknown) => ({ ...issueExampleConfig, discounts: [], skus: [sku] });

describeService('pricing bad input', (svc) => {
  let c: Awaited<ReturnType<typeof onboard>>;
  beforeAll(async () => {
    c = await onboard(svc(), 'Pricer');
  });

  it('refuses configurations that do not validate, naming the code and path, and stores nothing', async () => {
    const cases: [unknown, string, string][] = [
      [
        withSku({
          sku: 'a',
          model: 'graduated',
          tiers: [
            { upTo: '10', unitPrice: '1' },
            { upTo: '5', unitPrice: '1' },
            { upTo: null, unitPrice: '1' },
          ],
        }),
        'TAI-PRICING-TIER-OVERLAP',
        '/skus/0/tiers/1/upTo',
      ],
      [
        withSku({ sku: 'a', model: 'volume', tiers: [{ upTo: '10', unitPrice: '1' }] }),
        'TAI-PRICING-TIER-LAST-NOT-OPEN',
        '/skus/0/tiers/0/upTo',
      ],
      [withSku({ sku: 'a', model: 'per_unit', unitPrice: '-1' }), 'TAI-PRICING-NEGATIVE', '/skus/0/unitPrice'],
      [withSku({ sku: 'a', model: 'per_unit', unitPrice: 'ten' }), 'TAI-PRICING-DECIMAL-INVALID', '/skus/0/unitPrice'],
      [
        { ...withSku({ sku: 'a', model: 'flat', amount: '1.00' }), currency: 'XYZ' },
        'TAI-PRICING-CURRENCY-UNKNOWN',
        '/currency',
      ],
      [
        { ...issueExampleConfig, skus: [...issueExampleConfig.skus, { sku: 'seat', model: 'flat', amount: '1.00' }] },
        'TAI-PRICING-SKU-DUPLICATE',
        '/skus/7/sku',
      ],
    ];
    for (const [body, code, path] of cases) {
      const res = await svc().admin('PUT', `/v1/admin/customers/${c.id}/pricing`, body);
      expect([res.status, res.body.error?.code, res.body.error?.path], code).toEqual([422, code, path]);
    }
    expect((await svc().admin('GET', `/v1/admin/customers/${c.id}/pricing`)).body.error.code).toBe(
      'TAI-PRICING-NOT-FOUND',
    );
    expect(
      (
        await svc().call('POST', '/v1/pricing/calculate', {
          token: c.token,
          body: { items: [{ sku: 'seat', quantity: '1' }] },
        })
      ).body.error.code,
    ).toBe('TAI-PRICING-NOT-FOUND');
  });

  it('refuses bad quote requests with their own codes', async () => {
    await svc().admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig);
    const cases: [unknown, number, string, string?][] = [
      [{ items: [{ sku: 'nope', quantity: '1' }] }, 422, 'TAI-PRICING-ITEM-UNKNOWN-SKU', '/items/0/sku'],
      [{ items: [{ sku: 'seat', quantity: '-1' }] }, 422, 'TAI-PRICING-NEGATIVE', '/items/0/quantity'],
      [{ items: [{ sku: 'gmv', quantity: '10' }] }, 422, 'TAI-PRICING-ITEM-NEEDS-AMOUNT', '/items/0/quantity'],
      [{ items: [{ sku: 'seat', amount: '10' }] }, 422, 'TAI-PRICING-ITEM-NEEDS-QUANTITY', '/items/0/amount'],
      [
        {
          items: [
            { sku: 'seat', quantity: '1' },
            { sku: 'seat', quantity: '2' },
          ],
        },
        422,
        'TAI-PRICING-ITEM-DUPLICATE',
        '/items/1/sku',
      ],
      [{ items: [{ sku: 'seat', quantity: '1' }], at: '2025-06-01' }, 422, 'TAI-PRICING-NOT-IN-FORCE'],
      [{ items: [{ sku: 'seat', quantity: 1 }] }, 400, 'TAI-REQ-VALIDATION'],
      [{ items: [] }, 400, 'TAI-REQ-VALIDATION', '/items'],
    ];
    for (const [body, status, code, path] of cases) {
      const res = await svc().call('POST', '/v1/pricing/calculate', { token: c.token, body });
      expect([res.status, res.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
      if (path) expect(res.body.error.path).toBe(path);
    }
  });
});
