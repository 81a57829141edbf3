/**
 * Metrics and traces for one service: a Prometheus registry that every metric goes to (beside the
 * tests' in-memory one when given), the /metrics endpoint that computes the scrape-time gauges, and
 * OpenTelemetry tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set (or a test hands in a span processor).
 */
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Metrics } from '../adapters/metrics/interface.ts';
import { noopMetrics } from '../adapters/metrics/noop.ts';
import { PromMetrics, teeMetrics } from '../adapters/metrics/prometheus.ts';
import { startTracing, tracingWanted, type Tracing } from '../adapters/tracing/provider.ts';
import { tracingOn } from '../adapters/tracing/spans.ts';
import { metricsServer, type MetricsEndpoint } from '../edges/http/routes/metrics.ts';
import type { CredentialFailures } from '../services/auth/credential-failures.ts';
import type { ServiceContext } from '../services/context.ts';
import { CustomerModes, scrapeGauges, type ScrapeSources } from '../services/metrics/scrape-gauges.ts';

export interface Telemetry {
  /** What ctx.metrics records into. */
  readonly metrics: Metrics;
  /** null when metrics are not exported. */
  endpoint(ctx: ServiceContext, token: string | undefined, sources: ScrapeSources): MetricsEndpoint | null;
  server(endpoint: MetricsEndpoint, failures: CredentialFailures, logger: FastifyBaseLogger): Promise<FastifyInstance>;
  /** Stops the tracing this service started (buffered spans exported first). */
  close(): Promise<void>;
}

export const startTelemetry = (
  extra: Metrics | undefined,
  spanProcessor: SpanProcessor | undefined,
  exportMetrics: boolean,
): Telemetry => {
  const prom = exportMetrics ? new PromMetrics() : null;
  // Tracing is per process: a second service in the same process shares the first one's.
  let tracing: Tracing | null = null;
  if (!tracingOn() && (spanProcessor !== undefined || tracingWanted(process.env)))
    tracing = startTracing(spanProcessor === undefined ? {} : { processor: spanProcessor });
  return {
    metrics: prom === null ? (extra ?? noopMetrics) : extra === undefined ? prom : teeMetrics(extra, prom),
    endpoint: (ctx, token, sources) => {
      if (prom === null) return null;
      const modes = new CustomerModes();
      return {
        contentType: prom.contentType,
        token,
        render: async () => {
          await scrapeGauges(ctx, prom, sources, modes);
          return prom.render();
        },
      };
    },
    server: (endpoint, failures, logger) => metricsServer(endpoint, failures, logger),
    close: async () => {
      await tracing?.shutdown();
    },
  };
};
