/** The service reads request bodies as strict JSON, as `tai verify` reads bundles: duplicates, a BOM and lone surrogates are 400. */
import { expect, it } from 'vitest';
import { describeService } from '../support/service.ts';

describeService('strict JSON bodies', (svc) => {
  it('refuses a member twice, a byte-order mark and a lone surrogate escape with TAI-REQ-MALFORMED-JSON', async () => {
    for (const raw of [
      '{"name":"A","name":"B","contactEmail":"a@example.com","mode":"pilot"}',
      '\ufeff{"name":"A","contactEmail":"a@example.com","mode":"pilot"}',
      '{"name":"\\ud800","contactEmail":"a@example.com","mode":"pilot"}',
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
});
