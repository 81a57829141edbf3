/**
 * One POST over undici for the HTTP channels: a time limit and the caller's AbortSignal, redirects never
 * followed (undici's request does not follow them), the answer's body read up to a few kilobytes. Never
 * throws: a failure to exchange comes back with its cause, never with the URL (which may be a secret).
 */
import { performance } from 'node:perf_hooks';
import { request, type Dispatcher } from 'undici';
import { parseRetryAfterMs } from '../../insurer/policies/retry-after.ts';
import type { SendOutcome } from './interface.ts';

export const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_BODY_BYTES = 8 * 1024;

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
  readonly retryAfterMs: number | undefined;
  readonly latencyMs: number;
}

type HttpResult =
  | { readonly ok: true; readonly answer: HttpAnswer }
  | { readonly ok: false; readonly error: string; readonly code: string; readonly latencyMs: number };

interface PostOptions {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly dispatcher?: Dispatcher;
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs?: number;
  /** For Retry-After given as an HTTP date. */
  readonly nowMs: number;
}

const codeOf = (e: unknown): string => {
  for (let c: unknown = e, depth = 0; c !== null && c !== undefined && depth < 4; depth++) {
    if (typeof c === 'object' && 'code' in c && typeof c.code === 'string') return c.code;
    c = typeof c === 'object' && 'cause' in c ? c.cause : undefined;
  }
  return e instanceof Error ? e.name : 'unknown';
};

const readCapped = async (body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_BODY_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
};

export const postOnce = async (url: string, options: PostOptions): Promise<HttpResult> => {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const started = performance.now();
  const latency = (): number => Math.round(performance.now() - started);
  try {
    const res = await request(url, {
      method: 'POST',
      headers: options.headers,
      body: options.body,
      signal,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    const body = await readCapped(res.body as AsyncIterable<Buffer> & { destroy(): unknown });
    const header = res.headers['retry-after'];
    return {
      ok: true,
      answer: {
        status: res.statusCode,
        body,
        retryAfterMs: parseRetryAfterMs(Array.isArray(header) ? header[0] : header, options.nowMs),
        latencyMs: latency(),
      },
    };
  } catch (e) {
    const code = codeOf(e);
    const why = timeout.aborted ? 'timed out' : options.signal?.aborted ? 'aborted' : `failed (${code})`;
    return { ok: false, error: `request ${why}`, code, latencyMs: latency() };
  }
};

/** What the channels that POST JSON to a configured URL (Slack, PagerDuty) are built with. */
export interface JsonChannelOptions {
  readonly now: () => number;
  readonly timeoutMs?: number;
  readonly dispatcher?: Dispatcher;
}

export const postJson = (
  url: string,
  body: unknown,
  o: JsonChannelOptions,
  signal?: AbortSignal,
): Promise<HttpResult> =>
  postOnce(url, {
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
    signal,
    nowMs: o.now(),
    ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
    ...(o.dispatcher ? { dispatcher: o.dispatcher } : {}),
  });

/** A retry outcome for an answer, carrying its Retry-After when it had one. */
export const retryAfterAnswer = (a: HttpAnswer, error: string): SendOutcome => ({
  kind: 'retry',
  status: a.status,
  error,
  ...(a.retryAfterMs === undefined ? {} : { retryAfterMs: a.retryAfterMs }),
});
