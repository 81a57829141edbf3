/**
 * The Prometheus exporter: prom-client, one registry per service holding every metric of the catalog,
 * registered up front so a scrape shows each one from the start. The hot path stays cheap: each metric's
 * label children are cached by their label values, so recording never hashes a label object again.
 * Process and Node defaults live in one registry per process (their collectors watch the process, not a
 * service), rendered after the service's own.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import {
  METRICS,
  type CounterName,
  type GaugeName,
  type HistogramName,
  type MetricLabels,
  type MetricName,
} from '../../domain/metrics/catalog.ts';
import type { Metrics } from './interface.ts';

/** Buckets in base units; 0.5 s is the latency objective the alert rules read. */
const BUCKETS: Partial<Record<HistogramName, number[]>> = {
  tai_http_request_duration_seconds: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  tai_insurer_request_duration_seconds: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  tai_group_commit_batch_size: [1, 2, 4, 8, 16, 32, 64, 128, 256],
  tai_commit_fsync_duration_seconds: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
};

interface Child {
  inc?(value: number): void;
  set?(value: number): void;
  observe?(value: number): void;
}
type Metric = Counter | Gauge | Histogram;

/** One catalog metric: the prom-client object and its children by label values. */
class Entry {
  readonly #children = new Map<string, Child>();
  /** False while the metric is out of the registry (a gauge with nothing to report is absent, not 0). */
  #present = true;
  constructor(
    readonly name: string,
    readonly metric: Metric,
    readonly labelNames: readonly string[],
    readonly registry: Registry,
  ) {}

  present(): this {
    if (!this.#present) {
      this.registry.registerMetric(this.metric);
      this.#present = true;
    }
    return this;
  }

  absent(): void {
    this.reset();
    if (this.#present) this.registry.removeSingleMetric(this.name);
    this.#present = false;
  }

  child(labels: MetricLabels | undefined): Child {
    const names = this.labelNames;
    if (names.length === 0 || labels === undefined) return this.metric;
    // One label (the common case) keys by its value alone: no array, no join.
    const first = labels[names[0] ?? ''] ?? '';
    let key = first;
    for (let i = 1; i < names.length; i++) key += `\u0001${labels[names[i] ?? ''] ?? ''}`;
    let child = this.#children.get(key);
    if (child === undefined) {
      const values: Record<string, string> = {};
      for (const n of names) values[n] = labels[n] ?? '';
      child = this.metric.labels(values);
      this.#children.set(key, child);
    }
    return child;
  }

  reset(): void {
    this.metric.reset();
    this.#children.clear();
  }
}

let processRegistry: Registry | null = null;
/**
 * prom-client's CPU counters count from the moment they are created; Prometheus defines them as the
 * process's CPU since it started, and a first scrape right after start-up would otherwise read about 0.
 * They are given the CPU spent before their creation once, when the registry is made.
 */
const defaultsRegistry = (): Registry => {
  if (processRegistry === null) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const before = process.cpuUsage();
    const seed = (name: string, micros: number): void => {
      const metric = registry.getSingleMetric(name);
      if (metric instanceof Counter) metric.inc(micros / 1e6);
    };
    seed('process_cpu_user_seconds_total', before.user);
    seed('process_cpu_system_seconds_total', before.system);
    seed('process_cpu_seconds_total', before.user + before.system);
    processRegistry = registry;
  }
  return processRegistry;
};

export class PromMetrics implements Metrics {
  readonly registry = new Registry();
  readonly #entries = new Map<MetricName, Entry>();
  readonly #withDefaults: boolean;

  constructor(options: { readonly processDefaults?: boolean } = {}) {
    this.#withDefaults = options.processDefaults ?? true;
    if (this.#withDefaults) defaultsRegistry();
    for (const [name, spec] of Object.entries(METRICS) as [MetricName, (typeof METRICS)[MetricName]][]) {
      const config = { name, help: spec.help, labelNames: [...spec.labels], registers: [this.registry] };
      const metric =
        spec.kind === 'counter'
          ? new Counter(config)
          : spec.kind === 'gauge'
            ? new Gauge(config)
            : new Histogram({ ...config, buckets: BUCKETS[name as HistogramName] ?? [0.01, 0.1, 1, 10] });
      this.#entries.set(name, new Entry(name, metric, spec.labels, this.registry));
    }
  }

  #entry(name: MetricName): Entry {
    const entry = this.#entries.get(name);
    if (entry === undefined) throw new Error(`metric ${name} is not in the catalog`);
    return entry;
  }

  inc(name: CounterName, labels?: MetricLabels, value = 1): void {
    this.#entry(name).child(labels).inc?.(value);
  }

  set(name: GaugeName, value: number, labels?: MetricLabels): void {
    this.#entry(name).present().child(labels).set?.(value);
  }

  observe(name: HistogramName, value: number, labels?: MetricLabels): void {
    this.#entry(name).child(labels).observe?.(value);
  }

  /** Drops every series of a gauge: one rewritten in full at each scrape. */
  clear(name: GaugeName): void {
    this.#entry(name).reset();
  }

  /** Takes a gauge out of the exposition until it is set again (nothing to report is not the same as 0). */
  absent(name: GaugeName): void {
    this.#entry(name).absent();
  }

  readonly contentType = Registry.PROMETHEUS_CONTENT_TYPE;

  /** The Prometheus text exposition of every metric, then the process defaults. */
  async render(): Promise<string> {
    const own = await this.registry.metrics();
    return this.#withDefaults ? `${own}\n${await defaultsRegistry().metrics()}` : own;
  }
}

/** Records into both (tests that read an in-memory registry still get a real /metrics). */
export const teeMetrics = (a: Metrics, b: Metrics): Metrics => ({
  inc: (name, labels, value) => {
    a.inc(name, labels, value);
    b.inc(name, labels, value);
  },
  set: (name, value, labels) => {
    a.set(name, value, labels);
    b.set(name, value, labels);
  },
  observe: (name, value, labels) => {
    a.observe(name, value, labels);
    b.observe(name, value, labels);
  },
});
