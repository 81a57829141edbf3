/**
 * What every request needs to know fast: each customer's lifecycle record and the system read-only
 * switch, kept in memory and refreshed on every committed change. Writability is recomputed from the
 * record at the moment of each request, so time alone (an expiry, a grace running out) is never missed.
 * One process owns this copy; with several instances on one database each keeps its own and must be told of changes.
 */
import type { CertificateRecord } from '../../domain/certificate/index.ts';
import {
  lastInsurerSuccess,
  systemReadOnly,
  type OperatorReadOnly,
  type SystemReadOnly,
} from '../../domain/mode/index.ts';

export class LifecycleState {
  readonly #records = new Map<string, CertificateRecord>();
  #operator: OperatorReadOnly | null = null;
  #lastInsurerSuccessAt: number | null = null;
  readonly #listeners: ((record: CertificateRecord) => void)[] = [];

  constructor(readonly graceMs: number) {}

  record(customerId: string): CertificateRecord | undefined {
    return this.#records.get(customerId);
  }

  /** Called after every committed change (the scheduler re-arms from it). */
  onChange(listener: (record: CertificateRecord) => void): void {
    this.#listeners.push(listener);
  }

  remember(record: CertificateRecord): void {
    this.#records.set(record.customerId, record);
    for (const l of this.#listeners) l(record);
    const last = lastInsurerSuccess([record]);
    if (last !== null && (this.#lastInsurerSuccessAt === null || last > this.#lastInsurerSuccessAt))
      this.#lastInsurerSuccessAt = last;
  }

  setOperator(operator: OperatorReadOnly | null): void {
    this.#operator = operator;
  }

  operator(): OperatorReadOnly | null {
    return this.#operator;
  }

  systemReadOnly(nowMs: number): SystemReadOnly | null {
    return systemReadOnly({
      operator: this.#operator,
      lastInsurerSuccessAt: this.#lastInsurerSuccessAt,
      nowMs,
      graceMs: this.graceMs,
    });
  }

  lastInsurerSuccessAt(): number | null {
    return this.#lastInsurerSuccessAt;
  }

  records(): IterableIterator<CertificateRecord> {
    return this.#records.values();
  }
}
