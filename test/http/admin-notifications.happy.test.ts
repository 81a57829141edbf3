/**
 * The operator's notification routes over HTTP: a Slack webhook answering 404 (misconfigured: not
 * retried) dead-letters the message; the listing shows it with its attempt; once fixed, a redelivery
 * sends it with the same id.
 */
import { expect, it } from 'vitest';
import { startDeliveryRig } from '../delivery/rig.ts';
import { insuredCustomer } from '../support/insured.ts';
import { describePerStore } from '../support/stores.ts';

describePerStore('admin notifications', startDeliveryRig, (h) => {
  it('lists a dead letter with its attempt, redelivers it, and refuses to redeliver what is not dead', async () => {
    const { rig, slack } = h();
    const c = await insuredCustomer(rig, 'Dead');
    await h().settle();
    slack.fail({ kind: 'answer', answer: { status: 404, body: 'no_service' } });
    await rig.scenario('revoked', c.certificateId);
    await rig.svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/check`);
    await h().settle();
    const dead = await rig.svc.admin('GET', `/v1/admin/notifications?status=dead&channel=slack&customer=${c.id}`);
    expect(dead.status).toBe(200);
    expect(dead.body.items).toEqual([
      expect.objectContaining({
        type: 'certificate.revoked',
        target: 'slack',
        status: 'dead',
        attemptLog: [expect.objectContaining({ attempt: 1, outcome: 'permanent', status: 404 })],
      }),
    ]);
    const id = dead.body.items[0].id as string;
    const sent = slack.messages.length;
    expect((await rig.svc.admin('POST', `/v1/admin/notifications/${id}/redeliver`)).status).toBe(202);
    await h().settle();
    expect(slack.messages.length).toBe(sent + 1);
    const again = await rig.svc.admin('POST', `/v1/admin/notifications/${id}/redeliver`);
    expect([again.status, again.body.error.code]).toEqual([409, 'TAI-NOTIFY-DELIVERY-NOT-DEAD']);
    const missing = await rig.svc.admin('POST', '/v1/admin/notifications/ntf_missing.slack/redeliver');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'TAI-NOTIFY-DELIVERY-NOT-FOUND']);
  });
});
