/**
 * Customer webhooks against a local consumer that verifies Standard Webhooks signatures with the
 * `standardwebhooks` package: the contract, rotation, the answers, redirects, and the URL policy.
 */
import { describe, expect, it } from 'vitest';
import { webhookMessage } from '../../../../domain/delivery/messages/webhook.ts';
import { SAMPLE_CONTEXT, SAMPLES } from '../../../../domain/delivery/samples.ts';
import { defaultTemplate } from '../../../../domain/delivery/templates/defaults.ts';
import { startWebhookConsumer, type WebhookConsumer } from '../../../../../test/support/receivers/webhook-consumer.ts';
import { describeChannelContract } from '../contract.ts';
import type { ChannelInputs } from '../interface.ts';
import { sealSecret, webhookSecretsKey } from '../../../keys/sealed-secret.ts';
import { createWebhookChannel } from './index.ts';
import { newWebhookSecret } from './sign.ts';
import { DEVELOPMENT_URL_POLICY, PRODUCTION_URL_POLICY, type UrlPolicy } from './url-policy.ts';

const KEY = webhookSecretsKey(Buffer.alloc(32, 9));

const input = (id: string, url: string, secrets: readonly string[]): ChannelInputs['webhook'] => ({
  message: webhookMessage({
    notification: { ...SAMPLES['deployment.failed'], id },
    template: defaultTemplate('deployment.failed', 'webhook'),
    context: SAMPLE_CONTEXT,
  }),
  endpoint: { id: 'whe_test', url, sealedSecrets: secrets.map((s) => sealSecret(KEY, s, 'whe_test')) },
});

const dev = (
  policy: UrlPolicy = DEVELOPMENT_URL_POLICY,
  resolve?: (h: string) => Promise<{ address: string; family: number }[]>,
) => createWebhookChannel({ policy, now: Date.now, secretsKey: KEY, ...(resolve ? { resolve } : {}) });

describeChannelContract('webhook', async () => {
  const secret = newWebhookSecret();
  const wrong = newWebhookSecret();
  const c = await startWebhookConsumer([secret]);
  const adapter = dev();
  return {
    adapter,
    input: (id) => input(id, c.url, [secret]),
    accepted: () => c.deliveries.map((d) => d.id),
    answerRetryable: () => c.fail({ kind: 'answer', answer: { status: 503, body: 'busy' } }),
    answerPermanent: () => c.fail({ kind: 'answer', answer: { status: 410, body: 'gone' } }),
    hangNext: () => c.fail({ kind: 'hang' }),
    dropNext: () => c.fail({ kind: 'drop' }),
    arrived: c.arrived,
    secrets: [secret, wrong, secret.slice('whsec_'.length), wrong.slice('whsec_'.length)],
    misconfigured: () => ({
      ...adapter,
      send: (i, o) =>
        adapter.send({ ...i, endpoint: { ...i.endpoint, sealedSecrets: [sealSecret(KEY, wrong, 'whe_test')] } }, o),
      close: () => Promise.resolve(),
    }),
    close: c.close,
  };
});

const withConsumer = async (secrets: readonly string[], body: (c: WebhookConsumer) => Promise<void>): Promise<void> => {
  const c = await startWebhookConsumer(secrets);
  try {
    await body(c);
  } finally {
    await c.close();
  }
};

describe('webhook channel', () => {
  it('signs id.timestamp.body; during a rotation both secrets sign and either verifies', async () => {
    const [oldS, newS] = [newWebhookSecret(), newWebhookSecret()];
    await withConsumer([newS], async (c) => {
      const w = dev();
      expect(await w.send(input('ntf_rot', c.url, [oldS, newS]))).toMatchObject({ kind: 'delivered', status: 204 });
      c.useSecrets([oldS]);
      expect(await w.send(input('ntf_rot', c.url, [oldS, newS]))).toMatchObject({ kind: 'delivered' });
      expect(c.deliveries.map((d) => [d.id, d.signatures.length])).toEqual([
        ['ntf_rot', 2],
        ['ntf_rot', 2],
      ]);
      expect(c.deliveries[0]?.payload).toMatchObject({ type: 'deployment.failed', data: { id: 'ntf_rot' } });
      await w.close();
    });
  });

  it.each([
    [429, 'retry'],
    [502, 'retry'],
    [504, 'retry'],
    [500, 'retry'],
    [404, 'retry'],
    [410, 'permanent'],
  ] as const)('%i is %s', async (status, kind) => {
    const secret = newWebhookSecret();
    await withConsumer([secret], async (c) => {
      c.fail({ kind: 'answer', answer: { status, headers: { 'retry-after': '120' } } });
      const outcome = await dev().send(input('ntf_s', c.url, [secret]));
      expect(outcome).toMatchObject({ kind, status });
      if (kind === 'retry') expect(outcome).toMatchObject({ retryAfterMs: 120_000 });
    });
  });

  it('does not follow redirects', async () => {
    const secret = newWebhookSecret();
    await withConsumer([secret], async (c) => {
      c.redirect(307);
      const outcome = await dev().send(input('ntf_r', c.url, [secret]));
      expect(outcome).toMatchObject({
        kind: 'retry',
        status: 307,
        error: 'the endpoint answered 307 (redirects are not followed)',
      });
      expect(c.followedRedirects()).toBe(0);
    });
  });

  it('refuses an endpoint without a valid whsec_ secret before sending anything', async () => {
    await withConsumer([newWebhookSecret()], async (c) => {
      expect(await dev().send(input('ntf_k', c.url, ['not-a-secret']))).toMatchObject({ kind: 'permanent' });
      expect(c.requests).toHaveLength(0);
    });
  });
});

describe('webhook URL policy at send time', () => {
  it('development: http only to 127.0.0.1', async () => {
    const secret = newWebhookSecret();
    for (const url of ['http://localhost:1/x', 'http://10.0.0.1/x', 'ftp://127.0.0.1/x', 'http://u:p@127.0.0.1:1/x']) {
      expect(await dev().send(input('ntf_p', url, [secret])), url).toMatchObject({ kind: 'permanent' });
    }
  });

  it('production: https only, and no private, loopback or link-local address, literal or resolved', async () => {
    const secret = newWebhookSecret();
    const resolved: Record<string, string[]> = {
      'loopback.example': ['127.0.0.1'],
      'mixed.example': ['93.184.216.34', '10.1.2.3'],
      'linklocal.example': ['fe80::1'],
      'metadata.example': ['169.254.169.254'],
    };
    const resolve = (h: string) =>
      Promise.resolve((resolved[h] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
    const prod = dev(PRODUCTION_URL_POLICY, resolve);
    const cases = [
      ['http://hooks.example/x', 'the endpoint URL is refused: only https: URLs'],
      ['https://127.0.0.1/x', 'the endpoint URL is refused: the URL names a non-public address'],
      ['https://[::1]/x', 'the endpoint URL is refused: the URL names a non-public address'],
      ['https://[::ffff:10.0.0.1]/x', 'the endpoint URL is refused: the URL names a non-public address'],
      ['https://loopback.example/x', 'the endpoint resolves to a non-public address'],
      ['https://mixed.example/x', 'the endpoint resolves to a non-public address'],
      ['https://linklocal.example/x', 'the endpoint resolves to a non-public address'],
      ['https://metadata.example/x', 'the endpoint resolves to a non-public address'],
    ] as const;
    for (const [url, error] of cases) {
      expect(await prod.send(input('ntf_p', url, [secret])), url).toEqual({ kind: 'permanent', error });
    }
    await prod.close();
  });

  it('connects to the address its lookup checked, resolving once per connection (no re-binding in between)', async () => {
    const secret = newWebhookSecret();
    await withConsumer([secret], async (c) => {
      const port = new URL(c.url).port;
      const answers = [['127.0.0.1'], ['10.0.0.1']];
      const asked: string[] = [];
      const resolve = (h: string) => {
        asked.push(h);
        return Promise.resolve((answers.shift() ?? []).map((address) => ({ address, family: 4 })));
      };
      // Production's checks, with the test receiver's loopback address exempted and http allowed to its name.
      const policy: UrlPolicy = { httpHosts: ['hooks.rebind.test'], publicOnly: true, exempt: ['127.0.0.1'] };
      const w = dev(policy, resolve);
      const url = `http://hooks.rebind.test:${port}/hooks/tai`;
      expect(await w.send(input('ntf_dns', url, [secret]))).toMatchObject({ kind: 'delivered' });
      expect(c.deliveries).toHaveLength(1);
      expect(asked).toEqual(['hooks.rebind.test']);
      await w.close();
      // A new connection resolves again; the name now points inside: refused, nothing sent.
      const again = dev(policy, resolve);
      expect(await again.send(input('ntf_dns', url, [secret]))).toEqual({
        kind: 'permanent',
        error: 'the endpoint resolves to a non-public address',
      });
      expect(c.requests).toHaveLength(1);
      await again.close();
    });
  });
});
