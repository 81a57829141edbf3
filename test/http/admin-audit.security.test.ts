/**
 * The audit trail is the operator's: customer keys can neither read it nor rotate the signing key, and
 * every refusal is itself audited, with the key id as actor and never a secret.
 */
import { expect, it } from 'vitest';
import { describeService, onboard } from '../support/service.ts';

describeService('admin audit security', (svc) => {
  it('refuses customer keys, and records each refusal without the secret', async () => {
    const c = await onboard(svc(), 'Snoop');
    for (const [method, path] of [
      ['GET', '/v1/admin/audit'],
      ['POST', '/v1/admin/receipt-keys/rotate'],
    ] as const) {
      const r = await svc().call(method, path, { token: c.token });
      expect([path, r.status, r.body.error.code]).toEqual([path, 403, 'TAI-AUTH-FORBIDDEN']);
    }
    const refusals = await svc().admin('GET', `/v1/admin/audit?type=auth.failure&customer=${c.id}`);
    expect(refusals.body.items.map((e: { actor: string; outcome: string }) => [e.actor, e.outcome])).toEqual([
      [c.keyId, 'denied'],
      [c.keyId, 'denied'],
    ]);
    expect(JSON.stringify(refusals.body)).not.toContain(c.token.split('.')[1] ?? 'never');
  });
});
