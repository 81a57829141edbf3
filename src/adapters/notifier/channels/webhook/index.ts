/**
 * Customer webhooks, signed per Standard Webhooks. The webhook-id is the notification id on every
 * attempt; the timestamp and signature are made at each attempt (consumers refuse stale timestamps).
 * 2xx is delivered; 410 Gone is permanent (the caller disables the endpoint); everything else,
 * redirects included (never followed), and timeouts are retried on the schedule until the dead letters.
 */
import { Agent } from 'undici';
import type { ChannelAdapter, SendOutcome } from '../interface.ts';
import { DEFAULT_TIMEOUT_MS, postOnce, retryAfterAnswer, type HttpAnswer } from '../http.ts';
import { openSealed } from '../../../keys/sealed-secret.ts';
import { excerpt, Secret } from '../secret.ts';
import { keysOf, signatureHeader } from './sign.ts';
import { ADDRESS_REFUSED, checkWebhookUrl, guardedLookup, type Resolver, type UrlPolicy } from './url-policy.ts';

interface WebhookOptions {
  readonly policy: UrlPolicy;
  /** Opens the endpoints' sealed signing secrets (webhookSecretsKey of the audit secret). */
  readonly secretsKey: Uint8Array;
  readonly now: () => number;
  readonly timeoutMs?: number;
  /** How names are resolved (tests give their own); the policy checks what it returns. */
  readonly resolve?: Resolver;
}

const USER_AGENT = 'tai-autonomics-webhooks/1';

const classify = (a: HttpAnswer, hide: readonly (Secret | string)[]): SendOutcome => {
  if (a.status >= 200 && a.status < 300) return { kind: 'delivered', status: a.status, latencyMs: a.latencyMs };
  const said = excerpt(a.body, hide);
  if (a.status === 410) return { kind: 'permanent', status: 410, error: 'the endpoint answered 410 Gone' };
  const redirect = a.status >= 300 && a.status < 400 ? ' (redirects are not followed)' : '';
  return retryAfterAnswer(a, `the endpoint answered ${a.status}${redirect}${said ? `: ${said}` : ''}`);
};

export const createWebhookChannel = (options: WebhookOptions): ChannelAdapter<'webhook'> => {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const agent = new Agent({
    headersTimeout: timeout,
    bodyTimeout: timeout,
    connect: {
      timeout,
      ...(options.policy.publicOnly ? { lookup: guardedLookup(options.policy, options.resolve) } : {}),
    },
  });
  return {
    channel: 'webhook',
    configured: true,
    async send({ message, endpoint }, sendOptions = {}) {
      const checked = checkWebhookUrl(endpoint.url, options.policy);
      if (!checked.ok) return { kind: 'permanent', error: `the endpoint URL is refused: ${checked.reason}` };
      const secrets = endpoint.sealedSecrets
        .map((s) => openSealed(options.secretsKey, s, endpoint.id))
        .filter((s): s is string => s !== null)
        .map((s) => new Secret(s));
      const keys = keysOf(secrets);
      if (keys.length === 0) return { kind: 'permanent', error: 'the endpoint has no valid whsec_ signing secret' };
      const timestamp = Math.floor(options.now() / 1000);
      const r = await postOnce(checked.url.href, {
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'webhook-id': message.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureHeader(keys, message.id, timestamp, message.body),
        },
        body: message.body,
        dispatcher: agent,
        signal: sendOptions.signal,
        timeoutMs: timeout,
        nowMs: options.now(),
      });
      if (r.ok) return classify(r.answer, [...secrets, endpoint.url]);
      if (r.code === ADDRESS_REFUSED)
        return { kind: 'permanent', error: 'the endpoint resolves to a non-public address' };
      return { kind: 'retry', error: `webhook ${r.error}` };
    },
    close: () => agent.close(),
  };
};
