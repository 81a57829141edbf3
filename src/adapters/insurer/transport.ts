/** One HTTP exchange with the provider over undici, under a real per-request timeout. Never throws. */
import { Agent, request } from 'undici';
import { insurerError } from '../../domain/insurance/insurer-error.ts';
import type { InsurerError } from '../../domain/insurance/verification.ts';
import { err, ok, type Result } from '../../domain/shared/result.ts';

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpExchange {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface Transport {
  send(req: HttpRequest, timeoutMs: number): Promise<Result<HttpExchange, InsurerError>>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

const errorCode = (e: unknown): string => {
  const cause: unknown = e instanceof Error ? e.cause : undefined;
  for (const candidate of [e, cause]) {
    if (
      typeof candidate === 'object' &&
      candidate !== null &&
      'code' in candidate &&
      typeof candidate.code === 'string'
    ) {
      return candidate.code;
    }
  }
  return e instanceof Error ? e.name : 'unknown';
};

const flatten = (headers: Record<string, string | string[] | undefined>): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));

interface TransportOptions {
  /** Reuse connections (default). Off, every exchange opens its own connection. */
  readonly keepAlive?: boolean;
}

export const createUndiciTransport = (baseUrl: string, options: TransportOptions = {}): Transport => {
  // pipelining 0 is undici's switch for "no keep-alive".
  const agent = new Agent({
    keepAliveTimeout: 4_000,
    connections: 32,
    pipelining: options.keepAlive === false ? 0 : 1,
  });
  return {
    async send(req, timeoutMs) {
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      try {
        const res = await request(new URL(req.path, baseUrl), {
          method: req.method,
          headers: req.headers ?? {},
          body: req.body ?? null,
          dispatcher: agent,
          signal: controller.signal,
        });
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of res.body as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            res.body.destroy();
            return err(insurerError('malformed_response', 'response body too large'));
          }
          chunks.push(chunk);
        }
        const body = Buffer.concat(chunks).toString('utf8');
        return ok({ status: res.statusCode, headers: flatten(res.headers), body });
      } catch (e) {
        if (timedOut) return err(insurerError('timeout', `no complete answer within ${timeoutMs} ms`));
        return err(insurerError('network', `network error: ${errorCode(e)}`));
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => agent.close(),
  };
};
