/**
 * Over HTTP with the insurer simulator on the virtual clock: a revoked certificate tells the customer
 * by email, Slack and PagerDuty once each; restoration resolves the page; receivers that were down get
 * everything afterwards, in order per incident.
 */
import { expect, it } from 'vitest';
import { describePerStore } from '../support/stores.ts';
import { DAY, insuredCustomer } from '../support/insured.ts';
import { startDeliveryRig } from './rig.ts';

describePerStore('notification delivery of a lapse', startDeliveryRig, (h) => {
  it('a revocation reaches the customer by email, Slack and PagerDuty, once each, with stable ids', async () => {
    const { rig, smtp, slack, pd } = h();
    const c = await insuredCustomer(rig, 'Lapsing');
    await h().settle();
    const before = { mail: smtp.messages.length, slack: slack.messages.length, pd: pd.events.length };
    await rig.scenario('revoked', c.certificateId);
    await rig.svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/check`);
    await h().settle();
    const mail = smtp.messages.slice(before.mail);
    const toCustomer = mail.filter((m) => m.to && JSON.stringify(m.to).includes('lapsing@example.com'));
    expect(toCustomer.map((m) => m.subject)).toEqual([expect.stringMatching(/revoked/i)]);
    expect(toCustomer[0]?.messageId).toMatch(/^<ntf_/);
    const pages = pd.events.slice(before.pd);
    expect(pages.map((e) => [e.event_action, e.dedup_key])).toEqual([['trigger', `${c.id}:insurance`]]);
    expect(pd.open(`${c.id}:insurance`)).toBeDefined();
    expect(slack.messages.length - before.slack).toBe(1);
    // Nothing more on another pass, or a day later.
    await h().advance(DAY);
    expect(pd.events.length - before.pd).toBe(1);
    expect(smtp.messages.length).toBe(before.mail + mail.length);
  });
});
