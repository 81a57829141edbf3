/**
 * The metrics port: counters, gauges and histograms by name (from the domain's catalog, so names are
 * checked) and low-cardinality labels. Implementations: a no-op one, an in-memory one for tests, and a
 * Prometheus exporter.
 */
import type { CounterName, GaugeName, HistogramName, MetricLabels } from '../../domain/metrics/catalog.ts';

export interface Metrics {
  inc(name: CounterName, labels?: MetricLabels, value?: number): void;
  set(name: GaugeName, value: number, labels?: MetricLabels): void;
  /** Histograms are in base units: seconds, bytes, items. */
  observe(name: HistogramName, value: number, labels?: MetricLabels): void;
}
