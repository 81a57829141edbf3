/**
 * Slack incoming webhook: a Block Kit message with its plain-text fallback. Slack answers 200 `ok`;
 * 400, 403, 404 and 410 mean the webhook is misconfigured (bad payload, revoked, channel gone), which
 * repeating cannot fix; 429 and 5xx are retried. The webhook URL is itself the credential.
 */
import type { ChannelAdapter, SendOutcome } from '../interface.ts';
import { excerpt, type Secret } from '../secret.ts';
import { postJson, retryAfterAnswer, type HttpAnswer, type JsonChannelOptions } from '../http.ts';

interface SlackOptions extends JsonChannelOptions {
  readonly webhookUrl: Secret;
}

const PERMANENT = new Set([400, 403, 404, 410]);

const classify = (a: HttpAnswer, secrets: readonly Secret[]): SendOutcome => {
  const said = excerpt(a.body, secrets);
  if (a.status === 200 && a.body.trim() === 'ok')
    return { kind: 'delivered', status: a.status, latencyMs: a.latencyMs };
  const error = `Slack answered ${a.status}${said ? `: ${said}` : ''}`;
  if (PERMANENT.has(a.status)) return { kind: 'permanent', status: a.status, error };
  if (a.status === 429 || a.status >= 500 || a.status < 300) {
    return retryAfterAnswer(a, error);
  }
  return { kind: 'permanent', status: a.status, error };
};

export const createSlackChannel = (options: SlackOptions): ChannelAdapter<'slack'> => {
  const url = options.webhookUrl;
  return {
    channel: 'slack',
    configured: true,
    async send(message, sendOptions = {}) {
      const r = await postJson(
        url.reveal(),
        { text: message.text, blocks: message.blocks },
        options,
        sendOptions.signal,
      );
      return r.ok ? classify(r.answer, [url]) : { kind: 'retry', error: `Slack ${r.error}` };
    },
    close: () => Promise.resolve(),
  };
};
