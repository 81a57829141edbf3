/** The PagerDuty channel against a local receiver that answers and keeps alerts as Events API v2 does. */
import { describe, expect, it } from 'vitest';
import { pagerDutyMessage } from '../../../../domain/delivery/messages/pagerduty.ts';
import type { Notification } from '../../../../domain/delivery/notification.ts';
import { SAMPLE_CONTEXT, SAMPLES } from '../../../../domain/delivery/samples.ts';
import { defaultTemplate } from '../../../../domain/delivery/templates/defaults.ts';
import {
  pagerDutyThrottled,
  startPagerDutyReceiver,
  type PagerDutyReceiver,
} from '../../../../../test/support/receivers/pagerduty.ts';
import { describeChannelContract } from '../contract.ts';
import { Secret } from '../secret.ts';
import { createPagerDutyChannel } from './index.ts';

const WRONG_KEY = 'WR0NGKEYsecret0123456789abcdefgh';

const message = (n: Notification) =>
  pagerDutyMessage({
    notification: n,
    template: defaultTemplate(n.type, 'pagerduty'),
    context: SAMPLE_CONTEXT,
    source: 'tai.test',
  });

const channel = (r: PagerDutyReceiver, key = r.routingKey) =>
  createPagerDutyChannel({ routingKey: new Secret(key), eventsUrl: r.eventsUrl, now: Date.now });

describeChannelContract('pagerduty', async () => {
  const r = await startPagerDutyReceiver();
  return {
    adapter: channel(r),
    // The id a receiver can drop repeats by is the dedup_key.
    input: (id) => message({ ...SAMPLES['deployment.rolled_back'], id, incident: { key: id, action: 'trigger' } }),
    accepted: () => r.events.map((e) => e.dedup_key),
    answerRetryable: () => r.fail({ kind: 'answer', answer: { status: 502, body: 'Bad Gateway' } }),
    answerPermanent: () =>
      r.fail({
        kind: 'answer',
        answer: { status: 400, body: '{"status":"invalid event","message":"Event object is invalid","errors":["x"]}' },
      }),
    hangNext: () => r.fail({ kind: 'hang' }),
    dropNext: () => r.fail({ kind: 'drop' }),
    arrived: r.arrived,
    secrets: [r.routingKey, WRONG_KEY],
    misconfigured: () => channel(r, WRONG_KEY),
    close: r.close,
  };
});

describe('pagerduty channel', () => {
  it('a lapse triggers, a re-trigger attaches to the open alert, the recovery resolves it', async () => {
    const r = await startPagerDutyReceiver();
    const pd = channel(r);
    try {
      expect(await pd.send(message(SAMPLES['insurer.unreachable']))).toMatchObject({ kind: 'delivered', status: 202 });
      expect(await pd.send(message(SAMPLES['certificate.revoked']))).toMatchObject({ kind: 'delivered' });
      const key = 'cus_01jsample0000000000000000:insurance';
      expect(r.open(key)?.events.map((e) => e.payload?.['severity'])).toEqual(['warning', 'critical']);
      expect(await pd.send(message(SAMPLES['customer.restored']))).toMatchObject({ kind: 'delivered' });
      expect(r.open(key)).toBeUndefined();
      expect(r.alerts.map((a) => [a.dedupKey, a.status])).toEqual([[key, 'resolved']]);
    } finally {
      await r.close();
    }
  });

  it("an invalid event is permanent with PagerDuty's reasons, a wrong key never repeated back", async () => {
    const r = await startPagerDutyReceiver();
    const pd = channel(r, WRONG_KEY);
    try {
      const outcome = await pd.send(message(SAMPLES['certificate.expired']));
      expect(outcome).toEqual({
        kind: 'permanent',
        status: 400,
        error: 'PagerDuty answered 400: Event object is invalid: Routing key [secret] is not an active integration',
      });
    } finally {
      await r.close();
    }
  });

  it('429 and 5xx are retried', async () => {
    const r = await startPagerDutyReceiver();
    r.fail(pagerDutyThrottled);
    r.fail({ kind: 'answer', answer: { status: 500, body: '' } });
    const pd = channel(r);
    try {
      expect(await pd.send(message(SAMPLES['certificate.expired']))).toMatchObject({ kind: 'retry', status: 429 });
      expect(await pd.send(message(SAMPLES['certificate.expired']))).toMatchObject({ kind: 'retry', status: 500 });
      expect(await pd.send(message(SAMPLES['certificate.expired']))).toMatchObject({ kind: 'delivered' });
      expect(r.alerts).toHaveLength(1);
    } finally {
      await r.close();
    }
  });
});
