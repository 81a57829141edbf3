/** What the bench measures against the service. Each capability adds its routes here. */
import type autocannon from 'autocannon';

export interface Scenario {
  readonly name: string;
  /** Sets up whatever the requests need (customers, keys) and returns the request to repeat. */
  prepare(url: string): Promise<Partial<autocannon.Request>>;
  /** Extra lines for the report (micro-benchmarks measured outside HTTP). */
  report?(): string[];
}

export const BENCH_SCENARIOS: readonly Scenario[] = [
  { name: 'GET /health', prepare: () => Promise.resolve({ path: '/health' }) },
  { name: 'GET /health?deep=true', prepare: () => Promise.resolve({ path: '/health?deep=true' }) },
];
