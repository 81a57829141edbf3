/** Idempotency keys: a claim per (customer, key), completed with the first response in the operation's transaction. */

export interface IdempotencyRecord {
  readonly key: string;
  readonly fingerprint: string;
  readonly state: 'in_flight' | 'done';
  readonly statusCode: number | null;
  /** The first response's body (JSON text) once done. */
  readonly response: string | null;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** The instance running the request while in flight (null: unowned, e.g. a CLI command). */
  readonly owner?: string | null;
}

export interface IdempotencyWrites {
  /** Inserts an in-flight record; false when the key already exists (nothing changed). */
  claimIdempotencyKey(record: IdempotencyRecord): Promise<boolean>;
  idempotencyKey(key: string): Promise<IdempotencyRecord | undefined>;
  /**
   * Stores the response of an in-flight claim; false (nothing changed) when the claim is gone or is no
   * longer `owner`'s (it was released as orphaned: the caller must not commit).
   */
  completeIdempotencyKey(key: string, statusCode: number, response: string, owner?: string | null): Promise<boolean>;
  /** Removes a record so the key can be used again (expired, abandoned, or a retryable failure). */
  releaseIdempotencyKey(key: string): Promise<void>;
}

export interface IdempotencyGlobalWrites {
  /** Deletes up to `limit` idempotency records, any customer's, that expired at or before `atOrBefore`. */
  deleteExpiredIdempotencyKeys(atOrBefore: string, limit: number): Promise<number>;
}
