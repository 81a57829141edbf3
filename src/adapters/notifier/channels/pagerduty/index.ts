/**
 * PagerDuty Events API v2: the event with the configured routing key added. PagerDuty's documented
 * answers: 202 accepted; 400 an invalid event (not retried); 429 and 5xx retried. Other 4xx (a wrong
 * URL, a proxy's refusal) are a misconfiguration and not retried either.
 */
import type { ChannelAdapter, SendOutcome } from '../interface.ts';
import { excerpt, type Secret } from '../secret.ts';
import { postJson, retryAfterAnswer, type HttpAnswer, type JsonChannelOptions } from '../http.ts';

const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

interface PagerDutyOptions extends JsonChannelOptions {
  readonly routingKey: Secret;
  readonly eventsUrl?: string;
}

/** PagerDuty's error body: `{status, message, errors: [...]}`; its words, never the request. */
const reason = (body: string, secrets: readonly Secret[]): string => {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; errors?: unknown };
    const errors = Array.isArray(parsed.errors) ? parsed.errors.filter((e) => typeof e === 'string').join('; ') : '';
    const message = typeof parsed.message === 'string' ? parsed.message : '';
    return excerpt([message, errors].filter(Boolean).join(': '), secrets);
  } catch {
    return excerpt(body, secrets);
  }
};

const classify = (a: HttpAnswer, secrets: readonly Secret[]): SendOutcome => {
  if (a.status >= 200 && a.status < 300) return { kind: 'delivered', status: a.status, latencyMs: a.latencyMs };
  const said = reason(a.body, secrets);
  const error = `PagerDuty answered ${a.status}${said ? `: ${said}` : ''}`;
  if (a.status === 429 || a.status >= 500) {
    return retryAfterAnswer(a, error);
  }
  return { kind: 'permanent', status: a.status, error };
};

export const createPagerDutyChannel = (options: PagerDutyOptions): ChannelAdapter<'pagerduty'> => {
  const key = options.routingKey;
  return {
    channel: 'pagerduty',
    configured: true,
    async send(message, sendOptions = {}) {
      const url = options.eventsUrl ?? PAGERDUTY_EVENTS_URL;
      const r = await postJson(url, { routing_key: key.reveal(), ...message.event }, options, sendOptions.signal);
      return r.ok ? classify(r.answer, [key]) : { kind: 'retry', error: `PagerDuty ${r.error}` };
    },
    close: () => Promise.resolve(),
  };
};
