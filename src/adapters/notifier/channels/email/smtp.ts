/**
 * Email over SMTP with nodemailer (`smtp://host:587`, `smtps://user:pass@host`). SMTP reply codes decide:
 * 5xx is permanent (the address or the message is refused), 4xx and connection trouble are retried, a
 * refused login is permanent (the configuration is wrong). Errors carry codes and the server's words,
 * never the URL or its credentials.
 */
import { performance } from 'node:perf_hooks';
import nodemailer from 'nodemailer';
import type { ChannelAdapter, SendOutcome } from '../interface.ts';
import { DEFAULT_TIMEOUT_MS } from '../http.ts';
import { excerpt, type Secret } from '../secret.ts';
import { mailOptions } from './compose.ts';

interface SmtpOptions {
  readonly url: Secret;
  readonly from: string;
  readonly timeoutMs?: number;
}

const PERMANENT_CODES = new Set(['EAUTH', 'ENOAUTH', 'EENVELOPE', 'EMESSAGE', 'ECONFIG', 'EMAXRECIPIENTS']);

const credentialsOf = (url: Secret): readonly (Secret | string)[] => {
  try {
    const u = new URL(url.reveal());
    return [url, u.username, u.password, decodeURIComponent(u.password)].filter((s) => s !== '');
  } catch {
    return [url];
  }
};

const field = (e: unknown, name: string): unknown =>
  typeof e === 'object' && e !== null && name in e ? (e as Record<string, unknown>)[name] : undefined;

const classify = (e: unknown, signal: AbortSignal | undefined, hide: readonly (Secret | string)[]): SendOutcome => {
  const code = typeof field(e, 'code') === 'string' ? String(field(e, 'code')) : 'unknown';
  const responseCode = typeof field(e, 'responseCode') === 'number' ? Number(field(e, 'responseCode')) : undefined;
  const response = typeof field(e, 'response') === 'string' ? excerpt(String(field(e, 'response')), hide) : '';
  const status = responseCode === undefined ? {} : { status: responseCode };
  if (signal?.aborted || code === 'EABORT') return { kind: 'retry', error: 'SMTP send aborted', ...status };
  const error = `SMTP ${code}${responseCode === undefined ? '' : ` ${responseCode}`}${response ? `: ${response}` : ''}`;
  if (responseCode !== undefined && responseCode >= 500) return { kind: 'permanent', error, ...status };
  if (responseCode !== undefined && responseCode >= 400) return { kind: 'retry', error, ...status };
  return PERMANENT_CODES.has(code) ? { kind: 'permanent', error, ...status } : { kind: 'retry', error, ...status };
};

export const createSmtpEmail = (options: SmtpOptions): ChannelAdapter<'email'> => {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Not pooled: each send opens, talks and closes its own connection, so one stuck send holds up no other.
  const transport = nodemailer.createTransport({
    url: options.url.reveal(),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    logger: false,
  });
  const hide = credentialsOf(options.url);
  return {
    channel: 'email',
    configured: true,
    async send(message, sendOptions = {}) {
      const started = performance.now();
      try {
        const info = await transport.sendMail({
          ...mailOptions(message, options.from),
          ...(sendOptions.signal ? { signal: sendOptions.signal } : {}),
        });
        const status = Number(/^(\d{3})/.exec(info.response)?.[1] ?? 250);
        return { kind: 'delivered', status, latencyMs: Math.round(performance.now() - started) };
      } catch (e) {
        return classify(e, sendOptions.signal, hide);
      }
    },
    close: () => {
      transport.close();
      return Promise.resolve();
    },
  };
};
