/**
 * The tracing port: named child spans around the work a request does, span events and attributes. A span's
 * parent is handed down explicitly (the request's ServiceContext carries its span, `inSpan` hands each span
 * to the work it wraps): there is no context manager, so no AsyncLocalStorage and no promise hook. Off
 * (the default) every call here is a plain function call with no span objects. start.ts turns it on when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (provider.ts); the switch is per process.
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api';

/** A span that work runs under; undefined with tracing off or where no traced request is behind the work. */
export type SpanHandle = Span;

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

const within = async <T>(span: Span, fn: (span: SpanHandle) => Promise<T>): Promise<T> => {
  try {
    return await fn(span);
  } catch (e) {
    fail(span, e);
    throw e;
  } finally {
    span.end();
  }
};

/**
 * Runs `fn` in a child span of `parent` (a root span without one), handing fn its span for the work under
 * it; the span ends when fn settles, an error marking it failed. With tracing off fn gets undefined. A
 * parent the sampler left out has no sampled children (as the default parent-based sampler decides
 * anyway): fn gets the parent itself, and no span is made.
 */
export const inSpan = <T>(
  parent: SpanHandle | undefined,
  name: SpanName,
  attributes: Attributes | undefined,
  fn: (span: SpanHandle | undefined) => Promise<T>,
): Promise<T> => {
  const t = tracer;
  if (t === null) return fn(undefined);
  if (parent !== undefined && (parent.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return fn(parent);
  const span = t.startSpan(
    name,
    attributes === undefined ? {} : { attributes },
    parent === undefined ? ROOT_CONTEXT : trace.setSpan(ROOT_CONTEXT, parent),
  );
  return within(span, fn);
};

/** A request's server span, the root of its trace (undefined with tracing off). */
export const startServerSpan = (name: string, attributes: Attributes): SpanHandle | undefined =>
  tracer?.startSpan(name, { kind: SpanKind.SERVER, attributes }, ROOT_CONTEXT);

/** An event on `span` (nothing without one). */
export const spanEvent = (span: SpanHandle | undefined, name: string, attributes?: Attributes): void => {
  span?.addEvent(name, attributes);
};

/** Attributes on `span`; undefined values are skipped. */
export const spanAttributes = (
  span: SpanHandle | undefined,
  attributes: Readonly<Record<string, string | number | boolean | undefined>>,
): void => {
  if (span === undefined) return;
  for (const [k, v] of Object.entries(attributes)) if (v !== undefined) span.setAttribute(k, v);
};

/** trace_id and span_id of `span`, for log lines. */
export const traceIdsOf = (span: SpanHandle): { trace_id: string; span_id: string } => {
  const c = span.spanContext();
  return { trace_id: c.traceId, span_id: c.spanId };
};

/**
 * A traced request's Fastify logger and its server span's ids: its lines carry them wherever they are
 * written (in Fastify's onResponse too). A WeakMap entry costs less than a pino child logger.
 */
export const requestLoggerIds = new WeakMap<object, { trace_id: string; span_id: string }>();
