/** Per-customer usage, kept as hourly aggregates per operation kind (never one row per request). */

export interface UsageCell {
  readonly customerId: string;
  /** The UTC hour, `YYYY-MM-DDTHH`. */
  readonly hour: string;
  /** The operation: `<METHOD> <route template>`, e.g. `POST /v1/marketplace/publish`. */
  readonly kind: string;
  readonly requests: number;
  /** Answers 400-499. */
  readonly clientErrors: number;
  /** Answers 500 and above. */
  readonly serverErrors: number;
  /** Latency histogram (see histogram.ts), LATENCY_BUCKETS counts. */
  readonly buckets: readonly number[];
}

export const hourOf = (ms: number): string => new Date(ms).toISOString().slice(0, 13);
