/**
 * Rate limits and head-of-line blocking, on the virtual clock with real receivers: a flood of 1,000
 * events for one customer becomes a few rate-limited emails that together report every event (none
 * lost), and an endpoint that never answers does not hold up the customer's email.
 */
import { expect, it } from 'vitest';
import { sealSecret, webhookSecretsKey } from '../../src/adapters/keys/sealed-secret.ts';
import { newWebhookSecret } from '../../src/adapters/notifier/channels/webhook/sign.ts';
import type { Effect } from '../../src/domain/effects/types.ts';
import { commitEffects } from '../../src/services/effects/apply-effects.ts';
import { onboard } from '../support/service.ts';
import { describePerStore } from '../support/stores.ts';
import { startWebhookConsumer } from '../support/receivers/webhook-consumer.ts';
import { startDeliveryRig, type DeliveryRig } from './rig.ts';

const HOUR = 3_600_000;

/** Condition polling with a generous deadline (real time: the receivers answer over real sockets). */
const waitFor = async (cond: () => boolean, deadlineMs = 10_000): Promise<void> => {
  const until = Date.now() + deadlineMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const failed = (customerId: string, i: number, at: string): Effect => ({
  kind: 'notify',
  notification: {
    type: 'deployment.failed',
    severity: 'warning',
    customerId,
    at,
    dedupeKey: `flood:${customerId}:${i}`,
    incident: null,
    facts: {
      deploymentId: `dep_${i}`,
      target: 'command',
      artifact: 'registry.example/app:1',
      reason: 'exit_code',
      exitCode: 1,
    },
  },
});

const raise = async (h: DeliveryRig, customerId: string, i: number): Promise<void> => {
  await commitEffects(h.rig.svc.service.ctx, [failed(customerId, i, new Date(h.rig.clock.now()).toISOString())]);
};

// The rate limit is the same code on every store, but the claims and window locks under it are not
// (PostgreSQL's row locks, SQLite's single writer): the flood runs on both. A thousand routings take
// seconds on PostgreSQL, more on a loaded machine, hence the bound.
describePerStore('notification rate limits', startDeliveryRig, (h) => {
  it('1,000 events in three hours for one customer: one email an hour, coalesced, every event reported', async () => {
    const { rig, smtp } = h();
    const c = await onboard(rig.svc, 'Flood');
    const from = smtp.messages.length;
    // Fifty events every nine minutes of virtual time for three hours, the worker running as they come.
    for (let i = 0; i < 1000; i += 50) {
      await commitEffects(
        rig.svc.service.ctx,
        Array.from({ length: 50 }, (_, k) => failed(c.id, i + k, new Date(rig.clock.now()).toISOString())),
      );
      await h().advance(9 * 60_000);
    }
    await h().advance(2 * HOUR);
    const mails = smtp.messages.slice(from).filter((m) => m.to && 'text' in m.to && m.to.text === 'flood@example.com');
    // The first event at once, then one message per hour with what the hour held.
    expect(mails.length).toBe(4);
    const reported = mails.map((m) => {
      const more = /And (\d+) more since/.exec(m.text ?? '');
      return 1 + (more ? Number(more[1]) : 0);
    });
    expect(reported[0]).toBe(1);
    expect(reported.reduce((a, b) => a + b, 0)).toBe(1000);
    const store = rig.svc.service.ctx.store;
    const emails = (await store.read((r) => r.deliveries({ limit: 2000, customerId: c.id, channel: 'email' }))).items;
    expect(emails.filter((d) => d.status === 'delivered')).toHaveLength(4);
    expect(emails.filter((d) => d.status === 'coalesced')).toHaveLength(996);
    const covered = emails.filter((d) => d.status === 'delivered').flatMap((d) => [...d.covers, d.notificationId]);
    expect(new Set(covered).size).toBe(1000);
    expect((await store.read((r) => r.outboxBacklog())).pending).toBe(0);
  }, 180_000);
});

describePerStore('notification delivery isolation', startDeliveryRig, (h) => {
  it('an endpoint that never answers does not delay the customer email of the same event', async () => {
    const { rig, smtp } = h();
    const c = await onboard(rig.svc, 'Isolated');
    const secret = newWebhookSecret();
    const consumer = await startWebhookConsumer([secret]);
    try {
      consumer.fail({ kind: 'hang' }, 1);
      const now = new Date(rig.clock.now()).toISOString();
      await rig.svc.service.ctx.store.transaction((tx) =>
        tx.insertWebhookEndpoint({
          id: 'whe_hanging',
          customerId: c.id,
          url: consumer.url,
          events: ['*'],
          secrets: [sealSecret(webhookSecretsKey(rig.svc.service.ctx.auditSecret), secret, 'whe_hanging')],
          status: 'enabled',
          createdAt: now,
          updatedAt: now,
        }),
      );
      const mails = smtp.messages.length;
      await raise(h(), c.id, 0);
      const running = rig.svc.service.delivery.runDue();
      await consumer.arrived(1);
      const isolated = () =>
        smtp.messages.slice(mails).filter((m) => m.to && 'text' in m.to && m.to.text === 'isolated@example.com');
      await waitFor(() => isolated().length > 0);
      // The email is out while the webhook's attempt still hangs.
      expect(isolated()).toHaveLength(1);
      await waitFor(() => rig.svc.service.delivery.inFlight === 1);
      expect(consumer.deliveries).toEqual([]);
      await consumer.close();
      await running;
    } finally {
      await consumer.close();
    }
  });
});
