/** Marketplace publish over real HTTP with the simulator, on both stores: each mode, freezing, the catalog, idempotency. */
import { expect, it } from 'vitest';
import { RAW_CONN } from '../../src/adapters/store/sql/repositories.ts';
import { verifyBundle } from '../../src/domain/receipts/bundle.ts';
import { issueExampleConfig } from '../fixtures/pricing/issue-example.ts';
import { insuredCustomer, describeInsured } from '../support/insured.ts';
import { contractBody, onboard } from '../support/service.ts';

const publish = { segment: 'smb', visibility: 'public' as const };

describeInsured('publish', (rig) => {
  it('publishes contractually in prod with the insurance stamp, freezes the version and lists it in the catalog', async () => {
    const c = await insuredCustomer(rig(), 'ProdSeller');
    await rig().svc.admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig);
    const res = await rig().svc.call('POST', '/v1/marketplace/publish', { token: c.token, body: publish });
    expect(res.status).toBe(201);
    expect(res.body.listingId).toMatch(/^lst_/);
    expect(res.body.receipt.body).toMatchObject({
      kind: 'publish',
      mode: 'prod',
      authority: 'contractual',
      contractReference: 'MSA-2026-001',
      insurance: { certificateId: c.certificateId },
      disclaimer: null,
    });
    const versions = await rig().svc.admin('GET', `/v1/admin/customers/${c.id}/pricing`);
    expect(versions.body.versions[0].frozen).toBe(true);
    const listings = await rig().svc.call('GET', '/v1/marketplace/listings', { token: c.token });
    expect(listings.body.items.map((l: { id: string }) => l.id)).toEqual([res.body.listingId]);
    const catalog = await rig().svc.call('GET', '/v1/marketplace/catalog', { token: null });
    const entry = catalog.body.items.find((e: { listingId: string }) => e.listingId === res.body.listingId);
    expect(entry).toMatchObject({ seller: 'ProdSeller', segment: 'smb', insured: true, pricingVersion: 1 });
    expect(JSON.stringify(catalog.body)).not.toMatch(/example\.com|MSA-2026|contactEmail/);
    const exported = await rig().svc.call('GET', '/v1/ledger/export', { token: c.token });
    expect(verifyBundle(exported.body)).toMatchObject({ ok: true });
  });

  it('publishes advisory in pilot with a disclaimer and no stamp; refuses in eval with a signed refusal receipt', async () => {
    const pilot = await onboard(rig().svc, 'PilotSeller', undefined, 'pilot');
    await rig().svc.admin('PUT', `/v1/admin/customers/${pilot.id}/contract`, contractBody());
    await rig().svc.admin('PUT', `/v1/admin/customers/${pilot.id}/pricing`, issueExampleConfig);
    const ok = await rig().svc.call('POST', '/v1/marketplace/publish', {
      token: pilot.token,
      body: { ...publish, visibility: 'private' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.receipt.body).toMatchObject({
      mode: 'pilot',
      authority: 'advisory',
      insurance: null,
      contractReference: 'MSA-2026-001',
    });
    expect(ok.body.receipt.body.disclaimer).toMatch(/pilot/);
    const catalog = await rig().svc.call('GET', '/v1/marketplace/catalog', { token: null });
    expect(catalog.body.items.some((e: { listingId: string }) => e.listingId === ok.body.listingId)).toBe(false);

    const evalC = await onboard(rig().svc, 'EvalSeller', undefined, 'eval');
    await rig().svc.admin('PUT', `/v1/admin/customers/${evalC.id}/pricing`, issueExampleConfig);
    const refused = await rig().svc.call('POST', '/v1/marketplace/publish', { token: evalC.token, body: publish });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'TAI-MODE-EVAL']);
    const receipt = await rig().svc.call('GET', `/v1/receipts/${refused.body.error.receiptId}`, { token: evalC.token });
    expect(receipt.body.receipt.body).toMatchObject({ kind: 'refusal', mode: 'eval', authority: 'advisory' });
    expect((await rig().svc.call('GET', '/v1/marketplace/listings', { token: evalC.token })).body.items).toEqual([]);
  });

  it('replays the first response for the same Idempotency-Key and body, refuses another body, and a version once published never changes', async () => {
    const c = await insuredCustomer(rig(), 'Idem');
    await rig().svc.admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig);
    const headers = { 'idempotency-key': 'publish-1' };
    const first = await rig().svc.call('POST', '/v1/marketplace/publish', { token: c.token, body: publish, headers });
    const again = await rig().svc.call('POST', '/v1/marketplace/publish', { token: c.token, body: publish, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await rig().svc.call('POST', '/v1/marketplace/publish', {
      token: c.token,
      body: { ...publish, segment: 'enterprise' },
      headers,
    });
    expect([other.status, other.body.error.code]).toEqual([422, 'TAI-IDEMPOTENCY-MISMATCH']);
    expect((await rig().svc.call('GET', '/v1/marketplace/listings', { token: c.token })).body.items).toHaveLength(1);
    // Without a key the same request publishes again: allowed, and documented.
    expect((await rig().svc.call('POST', '/v1/marketplace/publish', { token: c.token, body: publish })).status).toBe(
      201,
    );
    await expect(
      rig().svc.service.ctx.store.transaction(async (tx) => {
        const conn = (tx as unknown as { [RAW_CONN]: { run(sql: string, p: unknown[]): Promise<number> } })[RAW_CONN];
        await conn.run("UPDATE pricing_versions SET document = '{}' WHERE customer_id = ?", [c.id]);
      }),
    ).rejects.toThrow(/immutable/);
  });

  it('serializes concurrent publishes of one customer: every one lands once and the log verifies', async () => {
    const c = await insuredCustomer(rig(), 'Concurrent');
    await rig().svc.admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        rig().svc.call('POST', '/v1/marketplace/publish', { token: c.token, body: { ...publish, segment: `s${i}` } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const exported = await rig().svc.call('GET', '/v1/ledger/export', { token: c.token });
    expect(verifyBundle(exported.body)).toMatchObject({ ok: true });
    const indexes = results.map((r) => r.body.receipt.body.logIndex as number).sort((a, b) => a - b);
    expect(new Set(indexes).size).toBe(20);
  });
});
