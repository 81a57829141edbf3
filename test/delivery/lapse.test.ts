/**
 * Over HTTP with the insurer simulator on the virtual clock, every channel at a real local receiver: a
 * lapse raises exactly the messages of its types, once each, on the right day; restoration resolves
 * the page; receivers that were down for hours get everything afterwards, in order per incident.
 */
import { expect, it } from 'vitest';
import { describePerStore } from '../support/stores.ts';
import { DAY, insuredCustomer } from '../support/insured.ts';
import { startDeliveryRig } from './rig.ts';

const HOUR = 3_600_000;

describePerStore('notification delivery of a lapse', startDeliveryRig, (h) => {
  const seen = () => {
    const { smtp, slack, pd } = h();
    return { mail: smtp.messages.length, slack: slack.messages.length, pd: pd.events.length };
  };
  const recipients = (from: number): string[] =>
    h()
      .smtp.messages.slice(from)
      .map((m) => `${String((m.to as { text?: string } | undefined)?.text)}: ${m.subject ?? ''}`);

  it('a revocation reaches the customer by email, Slack and PagerDuty once each; restoration resolves the page', async () => {
    const { rig, smtp, slack, pd } = h();
    const c = await insuredCustomer(rig, 'Revoked');
    await h().settle();
    const before = seen();
    await rig.scenario('revoked', c.certificateId);
    await rig.svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/check`);
    await h().settle();
    expect(recipients(before.mail)).toEqual([expect.stringMatching(/^revoked@example\.com: .*revoked/i)]);
    expect(smtp.messages.at(-1)?.messageId).toMatch(/^<ntf_[0-9a-z]+\.customer@/);
    expect(pd.events.slice(before.pd).map((e) => [e.event_action, e.dedup_key])).toEqual([
      ['trigger', `${c.id}:insurance`],
    ]);
    expect(slack.messages.length - before.slack).toBe(1);
    // Nothing more a day later.
    await h().advance(DAY);
    expect(seen()).toEqual({ mail: before.mail + 1, slack: before.slack + 1, pd: before.pd + 1 });

    const fresh = rig.sim.createCertificate({
      insured: { name: 'Revoked', reference: c.id },
      effectiveFrom: new Date(rig.clock.now() - DAY).toISOString(),
      expiresAt: new Date(rig.clock.now() + 365 * DAY).toISOString(),
    });
    await rig.svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/rotate`, { certificateId: fresh.certificateId });
    for (let i = 0; i < 3; i++) await rig.svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/check`);
    const recovered = await rig.svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/recover`);
    expect(recovered.body).toMatchObject({ writable: true });
    await h().settle();
    expect(pd.events.slice(before.pd).map((e) => e.event_action)).toEqual(['trigger', 'resolve']);
    expect(pd.open(`${c.id}:insurance`)).toBeUndefined();
    expect(recipients(before.mail + 1)).toEqual([
      expect.stringMatching(/^revoked@example\.com: .*(restored|resumed)/i),
    ]);
  });

  it('a certificate lapsing over 20 days: every notification once, on its day, on the channels of its type', async () => {
    const { rig, smtp, slack, pd } = h();
    await insuredCustomer(rig, 'Sibling', 365);
    await h().settle();
    const t0 = rig.clock.now();
    const dayOf = (ms: number): number => Math.floor((ms - t0) / DAY);
    const arrivals: string[] = [];
    const record = async (step: () => Promise<void>): Promise<void> => {
      const before = seen();
      await step();
      const day = dayOf(rig.clock.now());
      for (const m of smtp.messages.slice(before.mail))
        arrivals.push(`${day} email ${String(m.to && 'text' in m.to ? m.to.text : '')}`);
      for (let i = before.slack; i < slack.messages.length; i++) arrivals.push(`${day} slack`);
      for (const e of pd.events.slice(before.pd))
        arrivals.push(`${day} pagerduty ${e.event_action} ${String(e.payload?.['severity'])}`);
    };
    let c = { id: '', certificateId: '' };
    await record(async () => {
      c = await insuredCustomer(rig, 'Expiring', 20);
      await rig.scenario('server_error', c.certificateId);
      await h().settle();
    });
    for (let day = 0; day <= 21; day++) await record(() => h().advance(DAY));
    const deliveries = (await rig.svc.service.ctx.store.read((r) => r.deliveries({ limit: 100, customerId: c.id })))
      .items;
    expect(deliveries.map((d) => `${d.type} ${d.target} ${d.status} ${d.attempts}`)).toEqual([
      'certificate.expiring email.ops delivered 1',
      'certificate.expiring slack delivered 1',
      'insurer.unreachable email.ops delivered 1',
      'insurer.unreachable pagerduty delivered 1',
      'insurer.unreachable slack delivered 1',
      'insurer.grace_exhausted email.ops delivered 1',
      'insurer.grace_exhausted pagerduty delivered 1',
      'insurer.grace_exhausted slack delivered 1',
      'customer.read_only email.customer delivered 1',
      'certificate.expiring email.customer delivered 1',
      'certificate.expiring pagerduty delivered 1',
      'certificate.expired email.customer delivered 1',
      'certificate.expired pagerduty delivered 1',
      'certificate.expired slack delivered 1',
    ]);
    // Each arrived at its receiver on the day it was raised, once.
    const at: Record<string, string> = {
      'email.ops': 'email team@tai.example',
      'email.customer': 'email expiring@example.com',
      slack: 'slack',
      pagerduty: 'pagerduty',
    };
    expect(arrivals.map((a) => a.replace(/ (trigger|resolve) .*$/, '')).sort()).toEqual(
      deliveries.map((d) => `${dayOf(Date.parse(d.createdAt))} ${at[d.target] ?? d.target}`).sort(),
    );
    // On the right day: each routed and sent at the virtual instant it was raised.
    const raised = await rig.svc.service.ctx.store.read((r) =>
      r.notificationsByIds(deliveries.map((d) => d.notificationId)),
    );
    const raisedAt = new Map(raised.map((m) => [m.id, m.createdAt]));
    for (const d of deliveries) expect(d.createdAt).toBe(raisedAt.get(d.notificationId));
    await rig.scenario('healthy', c.certificateId);
  });

  it('receivers down for 6 hours get everything afterwards, each incident in order', async () => {
    const { rig, slack, pd } = h();
    const c = await insuredCustomer(rig, 'Outage');
    await h().settle();
    const before = seen();
    pd.setDown(true);
    slack.setDown(true);
    await rig.scenario('revoked', c.certificateId);
    await rig.svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/check`);
    await h().advance(HOUR);
    const fresh = rig.sim.createCertificate({
      insured: { name: 'Outage', reference: c.id },
      effectiveFrom: new Date(rig.clock.now() - DAY).toISOString(),
      expiresAt: new Date(rig.clock.now() + 365 * DAY).toISOString(),
    });
    await rig.svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/rotate`, { certificateId: fresh.certificateId });
    for (let i = 0; i < 3; i++) await rig.svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/check`);
    const recovered = await rig.svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/recover`);
    expect(recovered.body).toMatchObject({ writable: true });
    await h().advance(5 * HOUR);
    const mine = () => pd.events.slice(before.pd).filter((e) => e.dedup_key === `${c.id}:insurance`);
    expect(mine()).toEqual([]);
    pd.setDown(false);
    slack.setDown(false);
    await h().advance(12 * HOUR);
    expect(mine().map((e) => e.event_action)).toEqual(['trigger', 'resolve']);
    expect(pd.open(`${c.id}:insurance`)).toBeUndefined();
    expect(slack.messages.length).toBeGreaterThan(before.slack);
    const dead = await rig.svc.service.ctx.store.read((r) =>
      r.deliveries({ limit: 100, status: 'dead', customerId: c.id }),
    );
    expect(dead.items).toEqual([]);
  });
});
