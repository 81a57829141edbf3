/**
 * What several instances on one database coordinate through: the insurer call budget they share, a claim
 * on one customer's certificate wake-up, and the changes another instance committed. SQLite is
 * single-instance, so its implementation (single.ts) grants everything locally and reports no changes.
 */

/** One committed change another instance made: a customer's certificate record, or a setting by name. */
export interface FleetChange {
  readonly seq: number;
  readonly kind: 'certificate' | 'setting';
  readonly subject: string;
}

export interface BudgetTake {
  /** Whether this call may go to the insurer now. */
  readonly granted: boolean;
  /** Calls left in the current window, fleet-wide. */
  readonly remaining: number;
  /** When refused: how long until the next window opens. */
  readonly retryAfterMs: number;
}

export type Claimed<T> = { readonly claimed: true; readonly value: T } | { readonly claimed: false };

export interface FleetPort {
  /** `shared`: a database several instances use at once (PostgreSQL). */
  readonly shared: boolean;
  /** Takes one insurer call from the window of `windowMs` (database time) that allows `limit` calls. */
  takeInsurerCall(limit: number, windowMs: number): Promise<BudgetTake>;
  /**
   * Runs `fn` while this instance holds the claim on `key` (a transaction-level lock held for the whole
   * call), or returns unclaimed at once when another instance holds it.
   */
  withClaim<T>(key: string, fn: () => Promise<T>): Promise<Claimed<T>>;
  /** The newest change's sequence number (0: none), to start following from. */
  latestChange(): Promise<number>;
  /** Changes after `seq`, oldest first, at most `limit`. */
  changesAfter(seq: number, limit: number): Promise<readonly FleetChange[]>;
  /** Forgets changes older than `ageMs` (every instance has long caught up with them). */
  pruneChanges(ageMs: number): Promise<void>;
  /**
   * Listens for change hints on one dedicated connection, reconnecting when it drops; `onHint` runs on
   * every notification, `onReconnect` after a reconnection (hints may have been missed meanwhile).
   */
  listen(handlers: { onHint(): void; onReconnect(): void; onError(e: unknown): void }): void;
  close(): Promise<void>;
}
