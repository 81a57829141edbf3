/**
 * The receivers answer as the services they stand for, so the adapters' tests mean something: Slack's
 * payload errors, PagerDuty's documented error bodies, and a consumer that refuses a forged signature.
 */
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { newWebhookSecret } from '../../../src/adapters/notifier/channels/webhook/sign.ts';
import { startPagerDutyReceiver } from './pagerduty.ts';
import { startSlackReceiver } from './slack.ts';
import { startWebhookConsumer } from './webhook-consumer.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

const post = async (url: string, body: string, headers: Record<string, string> = {}) => {
  const res = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.statusCode, body: await res.body.text() };
};

describe('receivers', () => {
  it('Slack: no_text, invalid_payload, invalid_blocks, invalid_token', async () => {
    const r = await startSlackReceiver();
    closers.push(r.close);
    expect(await post(r.webhookUrl, '{}')).toEqual({ status: 400, body: 'no_text' });
    expect(await post(r.webhookUrl, 'not json')).toEqual({ status: 400, body: 'invalid_payload' });
    expect(
      await post(r.webhookUrl, JSON.stringify({ blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'x' } }] })),
    ).toEqual({
      status: 400,
      body: 'invalid_blocks',
    });
    expect(await post(r.webhookUrl.replace(r.token, 'other'), '{"text":"x"}')).toEqual({
      status: 403,
      body: 'invalid_token',
    });
    expect(r.messages).toEqual([]);
  });

  it("PagerDuty: 400 'invalid event' naming each problem; a resolve without an open alert is accepted and dropped", async () => {
    const r = await startPagerDutyReceiver();
    closers.push(r.close);
    const bad = await post(
      r.eventsUrl,
      JSON.stringify({ routing_key: r.routingKey, event_action: 'trigger', payload: { severity: 'page' } }),
    );
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({
      status: 'invalid event',
      message: 'Event object is invalid',
      errors: [
        "'payload.summary' is missing or blank",
        "'payload.source' is missing or blank",
        "'payload.severity' is invalid (must be one of critical, error, warning, info)",
      ],
    });
    const resolve = await post(
      r.eventsUrl,
      JSON.stringify({ routing_key: r.routingKey, event_action: 'resolve', dedup_key: 'k' }),
    );
    expect(resolve.status).toBe(202);
    expect(JSON.parse(resolve.body)).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'k' });
    expect(r.alerts).toEqual([]);
  });

  it('webhook consumer: a forged or missing signature is 401 and not recorded', async () => {
    const c = await startWebhookConsumer([newWebhookSecret()]);
    closers.push(c.close);
    const now = String(Math.floor(Date.now() / 1000));
    const forged = await post(c.url, '{"type":"x"}', {
      'webhook-id': 'msg_1',
      'webhook-timestamp': now,
      'webhook-signature': 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    });
    expect(forged.status).toBe(401);
    expect((await post(c.url, '{}')).status).toBe(401);
    expect(c.deliveries).toEqual([]);
    expect(c.rejected).toHaveLength(2);
  });
});
