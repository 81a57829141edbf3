/**
 * GET /metrics: the Prometheus text exposition. It has its own credential (TAI_METRICS_TOKEN, compared in
 * constant time), not the admin token or a customer key: a scraper should hold nothing that can write.
 * Served on the API port, or alone on TAI_METRICS_PORT (metricsServer below).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../domain/errors/domain-error.ts';
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
  (endpoint: MetricsEndpoint): FastifyPluginAsync =>
  (app) => {
    app.get('/metrics', { schema: { hide: true }, config: { ownAuth: true } }, async (request, reply) => {
      const refusal = metricsRefusal(endpoint.token, request.headers.authorization);
      if (refusal !== null) {
        void reply.header('www-authenticate', 'Bearer realm="metrics"');
        return sendError(reply, request, refusal);
      }
      const body = await endpoint.render();
      return reply.type(endpoint.contentType).header('cache-control', 'no-store').send(body);
    });
    return Promise.resolve();
  };

/** The metrics endpoint alone, for TAI_METRICS_PORT: nothing else answers there. */
export const metricsServer = async (endpoint: MetricsEndpoint, logger: FastifyBaseLogger): Promise<FastifyInstance> => {
  const app = Fastify({ loggerInstance: logger.child({ component: 'metrics' }) });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => sendError(reply, request, new DomainError('TAI-REQ-NOT-FOUND')));
  await app.register(metricsRoute(endpoint));
  return app;
};
