/** The global audit chain and its prune anchors. */

export interface AuditRow {
  readonly seq: number;
  readonly id: string;
  readonly at: string;
  readonly type: string;
  readonly actor: string;
  readonly customerPseudonym: string | null;
  readonly outcome: string;
  /** Canonical JSON text. */
  readonly details: string;
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditQuery {
  readonly limit: number;
  readonly afterSeq?: number | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly type?: string | undefined;
  readonly customerPseudonym?: string | undefined;
  readonly outcome?: string | undefined;
}

export interface AuditAnchorRow {
  readonly throughSeq: number;
  readonly lastHash: string;
  /** The signed anchor document (JSON text). */
  readonly anchor: string;
  readonly createdAt: string;
}

export interface AuditReads {
  auditEvents(query: AuditQuery): Promise<readonly AuditRow[]>;
  /** All audit rows from `fromSeq` on, in order (verification). */
  auditRange(fromSeq: number, limit: number): Promise<readonly AuditRow[]>;
  auditHead(): Promise<{ seq: number; hash: string } | undefined>;
  latestAuditAnchor(): Promise<AuditAnchorRow | undefined>;
}

export interface AuditWrites {
  /** Appends to the global audit chain; callers serialize through lockAudit(). */
  appendAudit(row: AuditRow): Promise<void>;
  lockAudit(): Promise<void>;
  /** Records the anchor, then deletes audit rows with seq <= throughSeq. Returns how many were deleted. */
  pruneAudit(anchor: AuditAnchorRow): Promise<number>;
}
