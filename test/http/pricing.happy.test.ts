/** Quotes over real HTTP on both stores: the engine's answer, the version in force, and quote receipts. */
import { beforeAll, expect, it } from 'vitest';
import { quote } from '../../src/domain/pricing/index.ts';
import { verifyBundle } from '../../src/domain/receipts/bundle.ts';
import { digestOf } from '../../src/domain/receipts/receipt.ts';
import { issueExampleConfig, typicalRequest } from '../fixtures/pricing/issue-example.ts';

import { onboard, describeService } from '../support/service.ts';

describeService('quotes', (svc) => {
  let c: Awaited<ReturnType<typeof onboard>>;
  beforeAll(async () => {
    c = await onboard(svc(), 'Quoter');
    await svc().admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig);
    await svc().admin('PUT', `/v1/admin/customers/${c.id}/pricing`, {
      ...issueExampleConfig,
      effectiveFrom: '2026-07-01',
      skus: issueExampleConfig.skus.map((s) => (s.sku === 'seat' ? { ...s, unitPrice: '12.00' } : s)),
    });
  });

  it('answers exactly what the engine computes, explained line by line, from the version in force', async () => {
    const march = await svc().call('POST', '/v1/pricing/calculate', {
      token: c.token,
      body: { ...typicalRequest, at: '2026-03-01' },
    });
    expect(march.status).toBe(200);
    const expected = quote({ version: 1, effectiveFrom: '2026-01-01', config: issueExampleConfig }, typicalRequest, {
      atDay: '2026-03-01',
    });
    expect(march.body).toEqual({ ...expected, mode: 'pilot', authority: 'advisory' });
    expect(march.body.lines.map((l: { sku: string }) => l.sku)).toEqual(issueExampleConfig.skus.map((s) => s.sku));

    const august = await svc().call('POST', '/v1/pricing/calculate', {
      token: c.token,
      body: { ...typicalRequest, at: '2026-08-15' },
    });
    expect(august.body.pricingVersion).toBe(2);
    const seat = (q: any) => q.lines.find((l: { sku: string }) => l.sku === 'seat').amount;
    expect([seat(march.body), seat(august.body)]).toEqual(['120.00', '144.00']);
  });

  it('leaves a verifiable receipt of the quote when asked', async () => {
    const body = { ...typicalRequest, at: '2026-03-01', receipt: true };
    const res = await svc().call('POST', '/v1/pricing/calculate', { token: c.token, body });
    expect(res.status).toBe(200);
    const { receipt, ...priced } = res.body;
    expect(receipt.body).toMatchObject({
      kind: 'quote',
      authority: 'advisory',
      customerId: c.id,
      requestDigest: digestOf(body),
    });
    expect(receipt.body.resultDigest).toBe(digestOf(priced));
    const exported = await svc().call('GET', '/v1/ledger/export', { token: c.token });
    expect(verifyBundle(exported.body)).toMatchObject({ ok: true, treeSize: 1 });
    const plain = await svc().call('POST', '/v1/pricing/calculate', { token: c.token, body: typicalRequest });
    expect(plain.body.receipt).toBeUndefined();
    expect((await svc().call('GET', '/v1/ledger/checkpoint', { token: c.token })).body.treeSize).toBe(1);
  });
});
