/**
 * The tracing port: named child spans around the work a request does, span events and attributes. Off
 * (the default) every call here is a plain function call: no span objects, no context lookup, no
 * AsyncLocalStorage. start.ts turns it on when OTEL_EXPORTER_OTLP_ENDPOINT is set (provider.ts); the
 * OpenTelemetry API keeps its tracer provider per process, so this switch is per process too.
 */
import { SpanStatusCode, context, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';

/** Every child span the service opens, by name. */
type SpanName =
  | 'publish'
  | 'deploy'
  | 'quote'
  | 'insurer.verify'
  | 'insurer.issue'
  | 'certificate.check'
  | 'store.transaction'
  | 'receipt.append'
  | 'notification.deliver';

/** Attribute names the service sets: a customer appears only as its pseudonym, never its name or email. */
export const ATTR = {
  customer: 'tai.customer.pseudonym',
  mode: 'tai.mode',
  authority: 'tai.authority',
  certificate: 'tai.certificate.id',
  receipt: 'tai.receipt.id',
  deployment: 'tai.deployment.id',
  listing: 'tai.listing.id',
  channel: 'tai.notification.channel',
} as const;

let tracer: Tracer | null = null;

/** Turns spans on with this tracer, or off with null. */
export const useTracer = (t: Tracer | null): void => {
  tracer = t;
};

export const tracingOn = (): boolean => tracer !== null;

const fail = (span: Span, e: unknown): void => {
  span.recordException(e instanceof Error ? e : String(e));
  span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.message : String(e) });
};

/** Runs `fn` in a child span of the active one; the span ends when fn settles, an error marking it failed. */
export const inSpan = <T>(name: SpanName, attributes: Attributes | undefined, fn: () => Promise<T>): Promise<T> => {
  const t = tracer;
  if (t === null) return fn();
  return t.startActiveSpan(name, attributes === undefined ? {} : { attributes }, async (span) => {
    try {
      return await fn();
    } catch (e) {
      fail(span, e);
      throw e;
    } finally {
      span.end();
    }
  });
};

/** An event on the active span (nothing when tracing is off). */
export const spanEvent = (name: string, attributes?: Attributes): void => {
  if (tracer === null) return;
  trace.getActiveSpan()?.addEvent(name, attributes);
};

/** Attributes on the active span; undefined values are skipped. */
export const spanAttributes = (attributes: Readonly<Record<string, string | number | boolean | undefined>>): void => {
  if (tracer === null) return;
  const span = trace.getActiveSpan();
  if (span === undefined) return;
  for (const [k, v] of Object.entries(attributes)) if (v !== undefined) span.setAttribute(k, v);
};

/**
 * A traced request's logger and its server span's ids: its lines carry them wherever they are written (in
 * Fastify's onResponse, outside the span's context). A WeakMap entry costs less than a pino child logger.
 */
export const requestLoggerIds = new WeakMap<object, { trace_id: string; span_id: string }>();

/** trace_id and span_id of the active span, for log lines (undefined outside a traced request). */
export const activeTraceIds = (): { trace_id: string; span_id: string } | undefined => {
  if (tracer === null) return undefined;
  const span = trace.getSpan(context.active());
  if (span === undefined) return undefined;
  const c = span.spanContext();
  return { trace_id: c.traceId, span_id: c.spanId };
};
