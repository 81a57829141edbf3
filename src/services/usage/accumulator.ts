/**
 * Usage accumulated in memory on the request path: per (customer, UTC hour, operation kind) a request
 * count, error counts and a fixed latency histogram, so recording a request is a map lookup and a few
 * additions. The flusher drains it to the store periodically and at shutdown; what a crash loses is
 * what was recorded since the last flush.
 */
import { bucketOf, emptyBuckets, LATENCY_BUCKETS } from '../../domain/usage/histogram.ts';
import { hourOf, type UsageCell } from '../../domain/usage/types.ts';

interface Cell {
  readonly customerId: string;
  readonly hour: string;
  readonly kind: string;
  requests: number;
  clientErrors: number;
  serverErrors: number;
  readonly buckets: number[];
}

const HOUR_MS = 3_600_000;

export class UsageAccumulator {
  #cells = new Map<string, Cell>();
  // The hour label of the current hour, recomputed only when the hour changes.
  #hourStart = -1;
  #hour = '';

  /** Records one answered request of a customer. */
  record(customerId: string, kind: string, status: number, latencyMs: number, nowMs: number): void {
    if (nowMs < this.#hourStart || nowMs >= this.#hourStart + HOUR_MS) {
      this.#hourStart = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
      this.#hour = hourOf(nowMs);
    }
    const key = `${customerId} ${this.#hour} ${kind}`;
    let cell = this.#cells.get(key);
    if (cell === undefined) {
      cell = {
        customerId,
        hour: this.#hour,
        kind,
        requests: 0,
        clientErrors: 0,
        serverErrors: 0,
        buckets: emptyBuckets(),
      };
      this.#cells.set(key, cell);
    }
    cell.requests++;
    if (status >= 500) cell.serverErrors++;
    else if (status >= 400) cell.clientErrors++;
    const k = bucketOf(latencyMs);
    cell.buckets[k] = (cell.buckets[k] ?? 0) + 1;
  }

  /** How many cells wait for the next flush. */
  get pending(): number {
    return this.#cells.size;
  }

  /** Takes every cell recorded so far, leaving the accumulator empty. */
  drain(): UsageCell[] {
    const out = [...this.#cells.values()];
    this.#cells = new Map();
    return out;
  }

  /** Puts back cells a failed flush could not write, adding them to anything recorded since. */
  restore(cells: readonly UsageCell[]): void {
    for (const c of cells) {
      const key = `${c.customerId} ${c.hour} ${c.kind}`;
      const cell = this.#cells.get(key);
      if (cell === undefined) {
        this.#cells.set(key, { ...c, buckets: [...c.buckets] });
        continue;
      }
      cell.requests += c.requests;
      cell.clientErrors += c.clientErrors;
      cell.serverErrors += c.serverErrors;
      for (let k = 0; k < LATENCY_BUCKETS; k++) cell.buckets[k] = (cell.buckets[k] ?? 0) + (c.buckets[k] ?? 0);
    }
  }
}
