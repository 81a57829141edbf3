/**
 * Delivery of the outbox: routed deliveries (one per target), their attempts, rate-limit windows and
 * customers' webhook endpoints. Claims take a lease named by an opaque owner (an instance id) whose
 * expiry is reckoned in the database's own time, so instances with skewed clocks agree on it; due times
 * are the injected clock's milliseconds.
 */
import type { Page, PageQuery } from './common.ts';
import type { OutboxMessage } from './outbox.ts';

export type DeliveryStatus = 'pending' | 'held' | 'delivered' | 'dead' | 'coalesced';
export type DeliveryChannel = 'email' | 'slack' | 'pagerduty' | 'webhook';

export interface NewDelivery {
  /** `<notification id>.<target>`: stable, and sorted as the notifications are. */
  readonly id: string;
  readonly notificationId: string;
  readonly customerId: string | null;
  readonly type: string;
  readonly channel: DeliveryChannel;
  /** email.customer, email.ops, slack, pagerduty, webhook.<endpoint id> */
  readonly target: string;
  readonly endpointId: string | null;
  /** Deliveries sharing a key go out one after another, in id order (a PagerDuty incident's events). */
  readonly orderKey: string | null;
  readonly limitKey: string | null;
  readonly status: 'pending' | 'held';
  /** Notification ids held back earlier and reported with this one, oldest first. */
  readonly covers: readonly string[];
  readonly nextAttemptAt: number;
  readonly createdAt: string;
}

export interface DeliveryRow extends Omit<NewDelivery, 'status'> {
  readonly status: DeliveryStatus;
  readonly coveredBy: string | null;
  readonly attempts: number;
  readonly leaseOwner: string | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly finishedAt: string | null;
}

export interface AttemptRow {
  readonly deliveryId: string;
  /** 1 for the first send. */
  readonly attempt: number;
  readonly at: string;
  readonly outcome: 'delivered' | 'retry' | 'permanent';
  readonly status: number | null;
  readonly latencyMs: number | null;
  readonly error: string | null;
  readonly owner: string;
}

/** What follows an attempt. */
export interface AttemptEnd {
  readonly status: 'pending' | 'delivered' | 'dead';
  readonly nextAttemptAt: number;
  readonly finishedAt: string | null;
}

export interface DeliveryQuery extends PageQuery {
  readonly status?: DeliveryStatus | undefined;
  readonly type?: string | undefined;
  readonly customerId?: string | undefined;
  readonly channel?: DeliveryChannel | undefined;
}

export interface WebhookEndpointRow {
  readonly id: string;
  readonly customerId: string;
  readonly url: string;
  /** Notification types subscribed to; `*` for all. */
  readonly events: readonly string[];
  /** The signing secrets, newest first: two while a rotation is in progress. */
  readonly secrets: readonly string[];
  readonly status: 'enabled' | 'disabled';
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface OutboxBacklog {
  /** Notifications not yet delivered everywhere. */
  readonly pending: number;
  /** created_at of the oldest of them, or null. */
  readonly oldestCreatedAt: string | null;
}

export interface DeliveryReads {
  outboxBacklog(): Promise<OutboxBacklog>;
  notificationsByIds(ids: readonly string[]): Promise<readonly OutboxMessage[]>;
  /** Whether some outbox row waits to be routed. */
  hasUnrouted(): Promise<boolean>;
  /** The earliest due time of anything pending or held, or null. */
  nextDeliveryAt(): Promise<number | null>;
  delivery(id: string): Promise<DeliveryRow | undefined>;
  deliveries(query: DeliveryQuery): Promise<Page<DeliveryRow>>;
  attemptsOf(deliveryIds: readonly string[]): Promise<readonly AttemptRow[]>;
  webhookEndpoints(customerId: string): Promise<readonly WebhookEndpointRow[]>;
  webhookEndpoint(customerId: string, id: string): Promise<WebhookEndpointRow | undefined>;
}

export interface DeliveryWrites {
  /** Outbox rows not yet routed, oldest first; PostgreSQL locks them (skipping rows another holds). */
  claimUnrouted(limit: number): Promise<readonly OutboxMessage[]>;
  markRouted(notificationId: string, at: string): Promise<void>;
  /** False when it exists already. */
  insertDelivery(d: NewDelivery): Promise<boolean>;
  /** Serializes the transactions that decide on one rate-limit window. */
  lockLimit(limitKey: string): Promise<void>;
  rateWindow(limitKey: string): Promise<readonly number[]>;
  saveRateWindow(limitKey: string, sentAt: readonly number[]): Promise<void>;
  heldDeliveries(limitKey: string): Promise<readonly DeliveryRow[]>;
  /** Limit keys with a held delivery due by nowMs. */
  dueHeldKeys(nowMs: number, limit: number): Promise<readonly string[]>;
  /** Held deliveries reported inside another one. */
  coalesceInto(ids: readonly string[], into: string, at: string): Promise<void>;
  /** A held delivery goes out now, reporting `covers` with it. */
  releaseHeld(id: string, covers: readonly string[], nowMs: number): Promise<void>;
  rescheduleHeld(ids: readonly string[], atMs: number): Promise<void>;
  /**
   * Pending deliveries of one channel due by nowMs, not leased (or the lease ran out), and first among
   * those sharing their order key; each is leased to `owner` for leaseMs of database time.
   */
  claimDeliveries(
    channel: DeliveryChannel,
    owner: string,
    leaseMs: number,
    nowMs: number,
    limit: number,
  ): Promise<readonly DeliveryRow[]>;
  /** Drops every lease `owner` holds (an instance starting again under its id). */
  releaseLeases(owner: string): Promise<number>;
  /** Records the attempt and what follows; false when `owner` no longer holds the lease (nothing is written). */
  recordAttempt(attempt: AttemptRow, end: AttemptEnd): Promise<boolean>;
  /** Marks the notifications delivered whose deliveries are all finished. */
  settleNotifications(notificationIds: readonly string[], at: string): Promise<void>;
  /** A dead delivery (and those it covered) goes out again from attempt 1. False when it is not dead. */
  redeliver(id: string, nowMs: number): Promise<boolean>;
  insertWebhookEndpoint(e: WebhookEndpointRow): Promise<void>;
  updateWebhookEndpoint(e: WebhookEndpointRow): Promise<boolean>;
  deleteWebhookEndpoint(customerId: string, id: string): Promise<boolean>;
}
