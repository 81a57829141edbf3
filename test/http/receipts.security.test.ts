/** Each customer's log is its own: another customer's key sees none of it, and reading needs receipts:read. */
import { beforeAll, expect, it } from 'vitest';
import { verifyBundle } from '../../src/domain/receipts/bundle.ts';
import { describeService, onboard } from '../support/service.ts';

describeService('receipts security', (svc) => {
  let a: Awaited<ReturnType<typeof onboard>>;
  let b: Awaited<ReturnType<typeof onboard>>;
  beforeAll(async () => {
    a = await onboard(svc(), 'Owner');
    b = await onboard(svc(), 'Stranger');
    await svc().admin('PUT', `/v1/admin/customers/${a.id}/mode`, { mode: 'prod', reason: 'a receipt of A' });
  });

  it("never shows one customer's receipts, proofs or export to another", async () => {
    const mine = await svc().call('GET', '/v1/receipts', { token: a.token });
    const id = mine.body.items[0].body.id as string;
    const theirs = await svc().call('GET', `/v1/receipts/${id}`, { token: b.token });
    expect([theirs.status, theirs.body.error.code]).toEqual([404, 'TAI-RECEIPT-NOT-FOUND']);
    expect((await svc().call('GET', '/v1/receipts', { token: b.token })).body.items).toEqual([]);
    const empty = await svc().call('GET', '/v1/ledger/export', { token: b.token });
    expect(verifyBundle(empty.body)).toMatchObject({ ok: true, treeSize: 0 });
    expect(JSON.stringify(empty.body)).not.toContain(a.id);
    expect((await svc().call('GET', '/v1/ledger/checkpoint', { token: b.token })).body.treeSize).toBe(0);
  });

  it('needs a key with receipts:read; the public keys need none', async () => {
    const reader = await onboard(svc(), 'NoReceipts', ['pricing:read']);
    const r = await svc().call('GET', '/v1/ledger/export', { token: reader.token });
    expect([r.status, r.body.error.code]).toEqual([403, 'TAI-AUTH-SCOPE']);
    expect((await svc().call('GET', '/v1/receipts', { token: null })).status).toBe(401);
    const keys = await svc().call('GET', '/.well-known/tai-receipt-keys.json', { token: null });
    expect(keys.status).toBe(200);
    expect(JSON.stringify(keys.body)).not.toMatch(/"d"\s*:/);
  });
});
