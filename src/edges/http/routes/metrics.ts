/**
 * GET /metrics: the Prometheus text exposition. It has its own credential (TAI_METRICS_TOKEN, compared in
 * constant time), not the admin token or a customer key: a scraper should hold nothing that can write.
 * A wrong token counts in the same per-address throttle as a bad bearer token (429 TAI-AUTH-THROTTLED with
 * Retry-After past the burst, a few `auth.failure` events per window). Served on the API port, or alone on
 * TAI_METRICS_PORT (metricsServer below).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../domain/errors/domain-error.ts';
import type { CredentialFailures } from '../../../services/auth/credential-failures.ts';
import { errorHandler, sendError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route checks its own credential: the API's authentication hook leaves it alone. */
    ownAuth?: boolean;
  }
}

export interface MetricsEndpoint {
  readonly contentType: string;
  render(): Promise<string>;
  /** TAI_METRICS_TOKEN, or undefined when scrapes need none. */
  readonly token: string | undefined;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** null when `header` carries the token (or none is needed); else the refusal. */
const metricsRefusal = (token: string | undefined, header: string | undefined): DomainError | null => {
  if (token === undefined) return null;
  if (header === undefined) return new DomainError('TAI-AUTH-MISSING', { detail: 'GET /metrics without a token' });
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? '';
  // Hashing first gives equal lengths, so the comparison's time says nothing about the token.
  return timingSafeEqual(digest(presented), digest(token))
    ? null
    : new DomainError('TAI-AUTH-INVALID', { detail: 'GET /metrics with a wrong token' });
};

export const metricsRoute =
  (endpoint: MetricsEndpoint, failures: CredentialFailures): FastifyPluginAsync =>
  (app) => {
    app.get('/metrics', { schema: { hide: true }, config: { ownAuth: true } }, async (request, reply) => {
      const header = request.headers.authorization;
      const attempt = { ip: request.ip, method: request.method, route: '/metrics' };
      // As for the API's bearer tokens: only a presented token is throttled or counted.
      const wait = endpoint.token === undefined || header === undefined ? null : failures.waitSeconds(attempt);
      if (wait !== null) {
        void reply.header('retry-after', String(wait));
        return sendError(reply, request, new DomainError('TAI-AUTH-THROTTLED', { detail: `ip:${request.ip}` }));
      }
      const refusal = metricsRefusal(endpoint.token, header);
      if (refusal !== null) {
        if (refusal.code === 'TAI-AUTH-INVALID') await failures.failed(attempt, refusal.code);
        void reply.header('www-authenticate', 'Bearer realm="metrics"');
        return sendError(reply, request, refusal);
      }
      const body = await endpoint.render();
      return reply.type(endpoint.contentType).header('cache-control', 'no-store').send(body);
    });
    return Promise.resolve();
  };

/** The metrics endpoint alone, for TAI_METRICS_PORT: nothing else answers there. */
export const metricsServer = async (
  endpoint: MetricsEndpoint,
  failures: CredentialFailures,
  logger: FastifyBaseLogger,
): Promise<FastifyInstance> => {
  const app = Fastify({ loggerInstance: logger.child({ component: 'metrics' }) });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => sendError(reply, request, new DomainError('TAI-REQ-NOT-FOUND')));
  await app.register(metricsRoute(endpoint, failures));
  return app;
};
