/** The Slack channel against a local receiver that answers as Slack's incoming webhooks do. */
import { describe, expect, it } from 'vitest';
import { slackMessage } from '../../../../domain/delivery/messages/slack.ts';
import { SAMPLE_CONTEXT, SAMPLES } from '../../../../domain/delivery/samples.ts';
import { defaultTemplate } from '../../../../domain/delivery/templates/defaults.ts';
import { startSlackReceiver, slackRateLimited } from '../../../../../test/support/receivers/slack.ts';
import { describeChannelContract } from '../contract.ts';
import { Secret } from '../secret.ts';
import { createSlackChannel } from './index.ts';

const message = (id: string) =>
  slackMessage({
    lead: { ...SAMPLES['deployment.failed'], id },
    earlier: [],
    template: defaultTemplate('deployment.failed', 'slack'),
    context: SAMPLE_CONTEXT,
  });

/** The notification id is in the context line of every message. */
const idOf = (blocks: readonly Record<string, unknown>[]): string => {
  const text = JSON.stringify(blocks.find((b) => b['type'] === 'context') ?? {});
  return /ntf_[a-z0-9_]+/.exec(text)?.[0] ?? '';
};

describeChannelContract('slack', async () => {
  const r = await startSlackReceiver();
  const wrongUrl = r.webhookUrl.replace(r.token, 'WRONGsecretSlackToken987654321');
  return {
    adapter: createSlackChannel({ webhookUrl: new Secret(r.webhookUrl), now: Date.now }),
    input: message,
    accepted: () => r.messages.map((m) => idOf(m.blocks)),
    answerRetryable: () => r.fail({ kind: 'answer', answer: { status: 503, body: 'service_unavailable' } }),
    answerPermanent: () => r.archive(),
    hangNext: () => r.fail({ kind: 'hang' }),
    dropNext: () => r.fail({ kind: 'drop' }),
    arrived: r.arrived,
    secrets: [r.token, r.webhookUrl, 'WRONGsecretSlackToken987654321', wrongUrl],
    misconfigured: () => createSlackChannel({ webhookUrl: new Secret(wrongUrl), now: Date.now }),
    close: r.close,
  };
});

describe('slack channel', () => {
  it('posts Block Kit with the plain-text fallback, which the receiver accepts', async () => {
    const r = await startSlackReceiver();
    const slack = createSlackChannel({ webhookUrl: new Secret(r.webhookUrl), now: Date.now });
    try {
      expect(await slack.send(message('ntf_blocks'))).toMatchObject({ kind: 'delivered', status: 200 });
      expect(r.messages[0]?.text).toBe('Deployment failed: dep_01jsample00000000000000000');
      expect(r.messages[0]?.blocks.map((b) => b['type'])).toEqual(['header', 'section', 'context']);
    } finally {
      await r.close();
    }
  });

  it.each([
    [400, 'invalid_payload'],
    [403, 'action_prohibited'],
    [404, 'channel_not_found'],
    [410, 'channel_is_archived'],
  ])('%i %s is permanent: the channel is misconfigured', async (status, body) => {
    const r = await startSlackReceiver();
    r.fail({ kind: 'answer', answer: { status, body } });
    const slack = createSlackChannel({ webhookUrl: new Secret(r.webhookUrl), now: Date.now });
    try {
      expect(await slack.send(message('ntf_x'))).toEqual({
        kind: 'permanent',
        status,
        error: `Slack answered ${status}: ${body}`,
      });
    } finally {
      await r.close();
    }
  });

  it('429 is retried after the Retry-After Slack gives', async () => {
    const r = await startSlackReceiver();
    r.fail(slackRateLimited(30));
    const slack = createSlackChannel({ webhookUrl: new Secret(r.webhookUrl), now: Date.now });
    try {
      expect(await slack.send(message('ntf_x'))).toMatchObject({ kind: 'retry', status: 429, retryAfterMs: 30_000 });
    } finally {
      await r.close();
    }
  });
});
