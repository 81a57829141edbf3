/**
 * A Slack webhook whose channel was archived answers 410: the delivery is dead at once (repeating cannot
 * fix it) and counted as a misconfigured channel, apart from other dead letters, for the channel alert.
 */
import { expect, it } from 'vitest';
import { MemoryMetrics } from '../../src/adapters/metrics/memory.ts';
import { startSlackReceiver } from '../support/receivers/slack.ts';
import { startTestService } from '../support/service.ts';
import { describePerStore } from '../support/stores.ts';
import type { Store } from '../../src/adapters/store/interface.ts';

const start = async (store: Store) => {
  const slack = await startSlackReceiver();
  const metrics = new MemoryMetrics();
  const svc = await startTestService(store, { env: { TAI_SLACK_WEBHOOK_URL: slack.webhookUrl }, metrics });
  return {
    svc,
    slack,
    metrics,
    close: async () => {
      await svc.close();
      await slack.close();
    },
  };
};

describePerStore('a misconfigured Slack channel', start, (h) => {
  it('is dead-lettered on its first 410 and counted as misconfigured', async () => {
    const { svc, slack, metrics } = h();
    slack.archive();
    const r = await svc.call('PUT', '/v1/admin/read-only', { body: { enabled: true, reason: 'maintenance' } });
    expect(r.status).toBe(200);
    await svc.service.delivery.runDue();
    const dead = await svc.service.ctx.store.read((s) => s.deliveries({ limit: 10, channel: 'slack', status: 'dead' }));
    expect(dead.items.map((d) => [d.type, d.attempts, d.lastStatus])).toEqual([['system.read_only', 1, 410]]);
    expect(metrics.value('tai_notifications_misconfigured_total', { channel: 'slack', status: '410' })).toBe(1);
    expect(metrics.value('tai_notifications_sent_total', { channel: 'slack', outcome: 'dead' })).toBe(1);
    expect(slack.messages).toEqual([]);
  });
});
