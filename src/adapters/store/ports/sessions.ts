/** Ops dashboard sessions (migration 018): looked up by the SHA-256 of the cookie's id, never by the id. */

export interface OpsSessionRow {
  /** SHA-256 (hex) of the session id the cookie carries. */
  readonly idHash: string;
  /** The session's CSRF token, which its pages embed in their forms. */
  readonly csrf: string;
  /** Epoch milliseconds on the service's clock. */
  readonly createdAt: number;
  /** When the session stops being accepted (epoch ms): the earlier of the idle timeout and the lifetime. */
  readonly expiresAt: number;
}

export interface OpsSessionReads {
  opsSession(idHash: string): Promise<OpsSessionRow | undefined>;
}

export interface OpsSessionWrites {
  insertOpsSession(row: OpsSessionRow): Promise<void>;
  extendOpsSession(idHash: string, expiresAt: number): Promise<void>;
  deleteOpsSession(idHash: string): Promise<void>;
  /** Deletes every session expired at `nowMs`; answers how many. */
  sweepOpsSessions(nowMs: number): Promise<number>;
}
