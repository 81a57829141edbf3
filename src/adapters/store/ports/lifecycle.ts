/** The certificate lifecycle records (one per customer), their archive, and the wake-up schedule. */
import type { Page, PageQuery } from './common.ts';

/** The lifecycle record as stored: opaque JSON to the store, versioned, with its wake time indexed. */
export interface LifecycleRow {
  readonly customerId: string;
  readonly record: unknown;
  readonly version: number;
  readonly wakeAt: number | null;
}

export interface LifecycleReads {
  lifecycle(): Promise<LifecycleRow | undefined>;
}

export interface LifecycleWrites {
  /**
   * Saves the lifecycle record if its stored version is still `expectedVersion` (0: none stored yet).
   * False when another writer got there first: reload and re-run the transition.
   */
  saveLifecycle(row: LifecycleRow, expectedVersion: number, at: string): Promise<boolean>;
  archiveCertificate(certificateId: string, document: unknown, replacedBy: string | null, at: string): Promise<void>;
}

export interface LifecycleGlobalReads {
  /** Lifecycle records whose wake time has come (the scheduler's work), earliest first. */
  dueLifecycles(nowMs: number, limit: number): Promise<readonly LifecycleRow[]>;
  /** Every lifecycle record (status pages); paged by customer id. */
  lifecycles(page: PageQuery): Promise<Page<LifecycleRow>>;
  /** The earliest wake time of all records, to arm the scheduler's timer. */
  nextWake(): Promise<number | null>;
  /** How many customers there are and how many have no lifecycle record yet, in one aggregate (the overview). */
  customerTally(): Promise<{ readonly customers: number; readonly untracked: number }>;
}
