/** Metrics kept in memory, readable back by name and labels: for tests that assert what was counted. */
import type { MetricLabels, MetricName } from '../../domain/metrics/catalog.ts';
import type { Metrics } from './interface.ts';

const keyOf = (name: string, labels: MetricLabels): string =>
  `${name}{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k] ?? ''}`)
    .join(',')}}`;

export class MemoryMetrics implements Metrics {
  readonly #values = new Map<string, number>();
  readonly #observations = new Map<string, number[]>();

  inc(name: MetricName, labels: MetricLabels = {}, value = 1): void {
    const key = keyOf(name, labels);
    this.#values.set(key, (this.#values.get(key) ?? 0) + value);
  }

  set(name: MetricName, value: number, labels: MetricLabels = {}): void {
    this.#values.set(keyOf(name, labels), value);
  }

  observe(name: MetricName, value: number, labels: MetricLabels = {}): void {
    const key = keyOf(name, labels);
    const list = this.#observations.get(key) ?? [];
    list.push(value);
    this.#observations.set(key, list);
  }

  /** A counter's total or a gauge's last value; 0 when never recorded. */
  value(name: MetricName, labels: MetricLabels = {}): number {
    return this.#values.get(keyOf(name, labels)) ?? 0;
  }

  observations(name: MetricName, labels: MetricLabels = {}): readonly number[] {
    return this.#observations.get(keyOf(name, labels)) ?? [];
  }
}
