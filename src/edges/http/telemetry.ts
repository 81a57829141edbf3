/**
 * Request telemetry: the latency histogram (method, route template, status class) and, with tracing on,
 * one server span per request named `{method} {route}` whose context the handler runs in, so every child
 * span and log line of the request belongs to it. With tracing off only the histogram is recorded.
 */
import { SpanKind, SpanStatusCode, context, trace, type Context, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Metrics } from '../../adapters/metrics/interface.ts';
import { requestLoggerIds, tracingOn } from '../../adapters/tracing/spans.ts';
import type { MetricLabels } from '../../domain/metrics/catalog.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's server span and its context (tracing on only). */
    traced: { readonly span: Span; readonly ctx: Context } | null;
  }
}

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
    const tracer = trace.getTracer('tai-autonomics');
    const route = routeOf(request);
    const span = tracer.startSpan(`${request.method} ${route}`, {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': request.method,
        'http.route': route,
        'url.path': request.url.split('?', 1)[0] ?? request.url,
        'tai.request.id': request.id,
      },
    });
    const ctx = trace.setSpan(context.active(), span);
    request.traced = { span, ctx };
    // The request's own lines (Fastify's, the error handler's) carry the server span, wherever they are written.
    const ids = span.spanContext();
    const entry = { trace_id: ids.traceId, span_id: ids.spanId };
    requestLoggerIds.set(request.log, entry);
    if (reply.log !== request.log) requestLoggerIds.set(reply.log, entry);
    context.with(ctx, done);
  });
  // Body parsing runs on the socket's events, outside the context set above: enter it again for the handler.
  app.addHook('preHandler', (request, _reply, done) => {
    const traced = request.traced;
    if (traced === null) return done();
    context.with(traced.ctx, done);
  });
  app.addHook('onError', (request, _reply, error, done) => {
    request.traced?.span.recordException(error);
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
    const traced = request.traced;
    if (traced !== null) {
      traced.span.setAttribute('http.response.status_code', status);
      if (status >= 500) traced.span.setStatus({ code: SpanStatusCode.ERROR });
      traced.span.end();
    }
    done();
  });
};
