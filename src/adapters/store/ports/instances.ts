/**
 * Instances and owned work (migration 014). Every time here is the database's clock in epoch
 * milliseconds, read once per transaction with databaseNow() and passed back in, so a lease is judged
 * by one clock whatever the instances' own clocks say.
 */

export type InstanceState = 'live' | 'stopped' | 'taken_over';

export interface InstanceRow {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly state: InstanceState;
  readonly startedAt: number;
  readonly heartbeatAt: number;
  readonly leaseExpiresAt: number;
  readonly endedAt: number | null;
  readonly endedBy: string | null;
}

export type WorkKind = 'deployment';

/** One piece of in-flight work and who holds it. */
export interface OwnedWorkRow {
  readonly kind: WorkKind;
  readonly workId: string;
  readonly customerId: string;
  readonly owner: string;
  /** Grows by one at every takeover: a write names the fence it holds and is refused under another. */
  readonly fence: number;
  readonly host: string;
  /** The process group running it (a command deployment), once started. */
  readonly pid: number | null;
  readonly pgid: number | null;
  readonly claimedAt: number;
}

/** What a holder of owned work names on each write. */
export interface WorkHold {
  readonly owner: string;
  readonly fence: number;
}

export interface OrphanedClaim {
  readonly customerId: string;
  readonly key: string;
  readonly owner: string;
}

export interface InstanceReads {
  /** The database's clock, epoch milliseconds. */
  databaseNow(): Promise<number>;
  instance(id: string): Promise<InstanceRow | undefined>;
  /** Instances still marked live, oldest first. */
  liveInstances(): Promise<InstanceRow[]>;
  ownedWork(kind: WorkKind, workId: string): Promise<OwnedWorkRow | undefined>;
  /** Owned work whose owner is not a live instance (taken over, stopped or unknown). */
  orphanedWork(limit: number): Promise<OwnedWorkRow[]>;
  /** In-flight idempotency claims whose owner is not a live instance. */
  orphanedClaims(limit: number): Promise<OrphanedClaim[]>;
}

export interface InstanceWrites {
  registerInstance(row: Omit<InstanceRow, 'state' | 'endedAt' | 'endedBy'>): Promise<void>;
  /** Extends a live instance's lease; false when it is no longer live (taken over or stopped). */
  renewInstance(id: string, now: number, leaseExpiresAt: number): Promise<boolean>;
  /** Ends a live instance: `stopped` by itself, `taken_over` by `by`. False when it was not live. */
  endInstance(id: string, state: 'stopped' | 'taken_over', by: string, now: number): Promise<boolean>;
  claimWork(row: OwnedWorkRow): Promise<void>;
  /** Moves work from `hold` to `to` with the next fence; false (nothing changed) when `hold` is not current. */
  takeOverWork(kind: WorkKind, workId: string, hold: WorkHold, to: string): Promise<boolean>;
  /** Records the process group running the work; false when `hold` is not current. */
  recordWorkProcess(kind: WorkKind, workId: string, hold: WorkHold, pid: number, pgid: number): Promise<boolean>;
  /** Deletes finished work; false when `hold` is not current. */
  finishWork(kind: WorkKind, workId: string, hold: WorkHold): Promise<boolean>;
  /** Deletes an in-flight claim held by `owner`; false when it completed or changed hands meanwhile. */
  releaseClaim(claim: OrphanedClaim): Promise<boolean>;
}
