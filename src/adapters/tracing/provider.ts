/**
 * The OpenTelemetry Node SDK, set up from the standard OTEL_* variables (OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER...,
 * which the SDK reads itself): spans exported over OTLP/HTTP in batches. Off unless an endpoint is set,
 * or when OTEL_SDK_DISABLED=true. Tests pass their own span processor (an in-memory exporter).
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { deferredProcessor } from './deferred.ts';
import { useTracer } from './spans.ts';

export interface Tracing {
  /** Exports what is buffered and stops tracing. */
  shutdown(): Promise<void>;
  forceFlush(): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Whether the environment asks for traces. */
export const tracingWanted = (env: Env): boolean =>
  env['OTEL_SDK_DISABLED'] !== 'true' &&
  Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']);

/**
 * Turns spans on for this process with a tracer provider of its own. The provider is not registered with
 * the OpenTelemetry API: spans.ts holds the tracer and every parent is passed explicitly, so no context
 * manager (AsyncLocalStorage, which on Node 20 puts a hook on every promise) is installed.
 */
export const startTracing = (
  options: { readonly processor?: SpanProcessor; readonly version?: string } = {},
): Tracing => {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': process.env['OTEL_SERVICE_NAME'] ?? 'tai-autonomics',
      'service.version': options.version ?? '0.1.0',
    }),
    spanProcessors: [options.processor ?? deferredProcessor(new BatchSpanProcessor(new OTLPTraceExporter()))],
  });
  useTracer(provider.getTracer('tai-autonomics'));
  return {
    forceFlush: () => provider.forceFlush(),
    shutdown: async () => {
      useTracer(null);
      await provider.shutdown();
    },
  };
};
