/** Bad audit queries answer 400 with the field named; an unknown customer simply matches nothing. */
import { expect, it } from 'vitest';
import { describeService } from '../support/service.ts';

describeService('admin audit errors', (svc) => {
  it('refuses malformed filters, naming each', async () => {
    for (const [query, path] of [
      ['limit=0', '/limit'],
      ['limit=1001', '/limit'],
      ['outcome=maybe', '/outcome'],
      ['from=last-week', '/from'],
      ['after=-1', '/after'],
      ['colour=blue', '/colour'],
    ] as const) {
      const r = await svc().admin('GET', `/v1/admin/audit?${query}`);
      expect([query, r.status, r.body.error.code, r.body.error.path]).toEqual([query, 400, 'TAI-REQ-VALIDATION', path]);
    }
  });

  it('answers an unknown customer with an empty page, not an error', async () => {
    const r = await svc().admin('GET', `/v1/admin/audit?customer=cus_${'0'.repeat(26)}`);
    expect([r.status, r.body.items, r.body.next]).toEqual([200, [], null]);
  });
});
