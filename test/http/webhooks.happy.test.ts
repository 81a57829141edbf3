/**
 * Customer webhooks over HTTP, delivered to a real consumer verifying Standard Webhooks signatures:
 * register (secret once), list without secrets, signed delivery, rotation with both signatures, and a
 * 410 that disables the endpoint and emails the customer.
 */
import { expect, it } from 'vitest';
import { SCOPES } from '../../src/domain/customer/types.ts';
import { startDeliveryRig } from '../delivery/rig.ts';
import { insuredCustomer } from '../support/insured.ts';
import { startWebhookConsumer } from '../support/receivers/webhook-consumer.ts';
import { describePerStore } from '../support/stores.ts';

describePerStore('customer webhooks', startDeliveryRig, (h) => {
  it('registers, lists without secrets, delivers signed, rotates with both signatures, and a 410 disables', async () => {
    const { rig, smtp } = h();
    const c = await insuredCustomer(rig, 'Hooked');
    const key = await rig.svc.admin('POST', `/v1/admin/customers/${c.id}/api-keys`, { scopes: [...SCOPES] });
    const token = key.body.secret as string;
    const consumer = await startWebhookConsumer([], () => rig.clock.now());
    try {
      const made = await rig.svc.call('POST', '/v1/me/webhooks', {
        token,
        body: { url: consumer.url, events: ['certificate.revoked', 'customer.restored'] },
      });
      expect(made.status).toBe(201);
      expect(made.body.secret).toMatch(/^whsec_/);
      const first = made.body.secret as string;
      const listed = await rig.svc.call('GET', '/v1/me/webhooks', { token });
      expect(listed.body.items).toEqual([
        expect.objectContaining({ id: made.body.id, status: 'enabled', signingSecrets: 1 }),
      ]);
      expect(JSON.stringify(listed.body)).not.toContain(first);

      consumer.useSecrets([first]);
      await rig.scenario('revoked', c.certificateId);
      await rig.svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/check`);
      await h().settle();
      expect(consumer.deliveries.map((d) => (d.payload['data'] as { type: string }).type)).toEqual([
        'certificate.revoked',
      ]);
      expect(consumer.deliveries[0]?.id).toMatch(/^ntf_/);

      const rotated = await rig.svc.call('POST', `/v1/me/webhooks/${made.body.id}/rotate`, { token });
      expect(rotated.body).toMatchObject({ signingSecrets: 2 });
      const second = rotated.body.secret as string;
      // A consumer knowing only the new secret, and one knowing only the old, both verify.
      consumer.useSecrets([second]);
      const deliveries = consumer.deliveries.length;
      const raise = async (): Promise<string> => {
        const fresh = rig.sim.createCertificate({
          insured: { name: 'Hooked', reference: c.id },
          effectiveFrom: new Date(rig.clock.now() - 86_400_000).toISOString(),
          expiresAt: new Date(rig.clock.now() + 365 * 86_400_000).toISOString(),
        });
        await rig.svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/rotate`, {
          certificateId: fresh.certificateId,
        });
        for (let i = 0; i < 3; i++) await rig.svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/check`);
        await rig.svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/recover`);
        await h().settle();
        return fresh.certificateId;
      };
      const current = await raise();
      expect(consumer.deliveries.slice(deliveries).map((d) => d.signatures.length)).toEqual([2]);

      // The endpoint goes away: a 410 disables it and the customer hears of it by email.
      const mails = smtp.messages.length;
      consumer.fail({ kind: 'answer', answer: { status: 410 } });
      await rig.scenario('revoked', current);
      await rig.svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/check`);
      await h().settle();
      await h().settle();
      const after = await rig.svc.call('GET', '/v1/me/webhooks', { token });
      expect(after.body.items[0]).toMatchObject({ status: 'disabled' });
      expect(smtp.messages.slice(mails).map((m) => m.subject)).toContainEqual(expect.stringMatching(/webhook/i));

      expect((await rig.svc.call('DELETE', `/v1/me/webhooks/${made.body.id}`, { token })).status).toBe(204);
      expect((await rig.svc.call('GET', '/v1/me/webhooks', { token })).body.items).toEqual([]);
    } finally {
      await consumer.close();
    }
  });
});
