/**
 * Request telemetry: the latency histogram (method, route template, status class) and, with tracing on,
 * one server span per request named `{method} {route}`. The span reaches the services in the request's
 * ServiceContext (`requestContext`), so every child span of the request, and every line its services log,
 * belongs to it. With tracing off only the histogram is recorded.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { lazyChild } from '../../adapters/logger/lazy-child.ts';
import type { Metrics } from '../../adapters/metrics/interface.ts';
import {
  requestLoggerIds,
  startServerSpan,
  traceIdsOf,
  tracingOn,
  type SpanHandle,
} from '../../adapters/tracing/spans.ts';
import type { MetricLabels } from '../../domain/metrics/catalog.ts';
import type { ServiceContext } from '../../services/context.ts';
import { underSpan } from '../../services/traced.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's server span (tracing on only). */
    traced: SpanHandle | null;
  }
}

/**
 * The request's ServiceContext: `ctx` itself untraced; traced, one whose spans and store transactions go
 * under the server span and whose logger's lines name it.
 */
export const requestContext = (request: FastifyRequest, ctx: ServiceContext): ServiceContext => {
  const span = request.traced;
  if (span === null) return ctx;
  return { ...underSpan(ctx, span), logger: lazyChild(ctx.logger, traceIdsOf(span)) };
};

const statusClass = (status: number): string =>
  status >= 500 ? '5xx' : status >= 400 ? '4xx' : status >= 300 ? '3xx' : status >= 200 ? '2xx' : '1xx';

/** Label objects by method, route and class, made once: the histogram's hot path allocates nothing. */
const labelCache = new Map<string, MetricLabels>();
const labelsOf = (method: string, route: string, cls: string): MetricLabels => {
  const key = `${method} ${cls} ${route}`;
  let labels = labelCache.get(key);
  if (labels === undefined) {
    labels = Object.freeze({ method, route, status_class: cls });
    labelCache.set(key, labels);
  }
  return labels;
};

const routeOf = (request: FastifyRequest): string => request.routeOptions.url ?? 'unmatched';

export const registerRequestTelemetry = (app: FastifyInstance, metrics: Metrics): void => {
  app.decorateRequest('traced', null);
  app.addHook('onRequest', (request, reply, done) => {
    if (!tracingOn()) return done();
    const route = routeOf(request);
    const span = startServerSpan(`${request.method} ${route}`, {
      'http.request.method': request.method,
      'http.route': route,
      'url.path': request.url.split('?', 1)[0] ?? request.url,
      'tai.request.id': request.id,
    });
    if (span === undefined) return done();
    request.traced = span;
    // The request's own lines (Fastify's, the error handler's) carry the server span, wherever they are written.
    const entry = traceIdsOf(span);
    requestLoggerIds.set(request.log, entry);
    if (reply.log !== request.log) requestLoggerIds.set(reply.log, entry);
    done();
  });
  app.addHook('onError', (request, _reply, error, done) => {
    request.traced?.recordException(error);
    done();
  });
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    const status = reply.statusCode;
    const route = routeOf(request);
    metrics.observe(
      'tai_http_request_duration_seconds',
      reply.elapsedTime / 1000,
      labelsOf(request.method, route, statusClass(status)),
    );
    const span = request.traced;
    if (span !== null) {
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
};
