/** The notification outbox: written in the transaction of what it reports, read by delivery. */

export interface OutboxMessage {
  readonly id: string;
  readonly type: string;
  readonly customerId: string | null;
  /** One logical notification is enqueued once, whatever retries happen. */
  readonly dedupeKey: string;
  readonly payload: unknown;
  readonly createdAt: string;
}

export interface OutboxReads {
  pendingNotifications(limit: number): Promise<readonly OutboxMessage[]>;
}

export interface OutboxWrites {
  /** False when a message with the same dedupe key was already enqueued. */
  enqueueNotification(message: OutboxMessage): Promise<boolean>;
}
