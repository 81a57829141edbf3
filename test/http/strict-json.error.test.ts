/**
 * The service reads request bodies as strict JSON, as `tai verify` reads bundles: duplicates, a BOM, bytes
 * that are not UTF-8 and lone surrogates are 400; a lone surrogate is named by its JSON path.
 */
import { expect, it } from 'vitest';
import { describeService } from '../support/service.ts';

describeService('strict JSON bodies', (svc) => {
  it('refuses a member twice and a byte-order mark with TAI-REQ-MALFORMED-JSON', async () => {
    for (const raw of [
      '{"name":"A","name":"B","contactEmail":"a@example.com","mode":"pilot"}',
      '\ufeff{"name":"A","contactEmail":"a@example.com","mode":"pilot"}',
    ]) {
      const res = await svc().call('POST', '/v1/admin/customers', { raw });
      expect(res.status, raw).toBe(400);
      expect(res.body.error.code).toBe('TAI-REQ-MALFORMED-JSON');
    }
    const ok = await svc().call('POST', '/v1/admin/customers', {
      raw: '{"name":"A","contactEmail":"a@example.com","mode":"pilot"}',
    });
    expect(ok.status).toBe(201);
  });

  it('refuses a lone surrogate anywhere in the body with TAI-REQ-TEXT-INVALID and its path', async () => {
    for (const [raw, path] of [
      ['{"name":"\\ud800","contactEmail":"a@example.com","mode":"pilot"}', '/name'],
      ['{"name":"A","contactEmail":"a@example.com","mode":"pilot","x":["ok","\\udc00"]}', '/x/1'],
    ] as const) {
      const res = await svc().call('POST', '/v1/admin/customers', { raw });
      expect([res.status, res.body.error.code, res.body.error.path], raw).toEqual([400, 'TAI-REQ-TEXT-INVALID', path]);
    }
    const names = (await svc().admin('GET', '/v1/admin/customers?limit=500')).body.items.map(
      (c: { name: string }) => c.name,
    );
    expect(names.some((n: string) => n.includes('\ufffd'))).toBe(false);
  });
});
