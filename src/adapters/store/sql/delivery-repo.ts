/** Deliveries, attempts, rate-limit windows and webhook endpoints over SqlConn (see ports/delivery.ts). */
import type {
  AttemptRow,
  DeliveryChannel,
  DeliveryQuery,
  DeliveryRow,
  DeliveryStatus,
  NewDelivery,
  WebhookEndpointRow,
} from '../ports/delivery.ts';
import type { OutboxMessage } from '../ports/outbox.ts';
import type { SqlConn, SqlParam } from './conn.ts';
import { pageOf } from './page.ts';

/** The database's own clock in epoch milliseconds: leases are reckoned in it. */
const dbNowMs = (db: SqlConn): string =>
  db.dialect === 'postgres'
    ? 'CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)'
    : "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

interface Row {
  id: string;
  notification_id: string;
  customer_id: string | null;
  type: string;
  channel: DeliveryChannel;
  target: string;
  endpoint_id: string | null;
  order_key: string | null;
  limit_key: string | null;
  status: DeliveryStatus;
  covers: string;
  covered_by: string | null;
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

const toDelivery = (r: Row): DeliveryRow => ({
  id: r.id,
  notificationId: r.notification_id,
  customerId: r.customer_id,
  type: r.type,
  channel: r.channel,
  target: r.target,
  endpointId: r.endpoint_id,
  orderKey: r.order_key,
  limitKey: r.limit_key,
  status: r.status,
  covers: JSON.parse(r.covers) as string[],
  coveredBy: r.covered_by,
  attempts: Number(r.attempts),
  nextAttemptAt: Number(r.next_attempt_at),
  leaseOwner: r.lease_owner,
  lastStatus: r.last_status === null ? null : Number(r.last_status),
  lastError: r.last_error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

interface OutboxRow {
  id: string;
  type: string;
  customer_id: string | null;
  dedupe_key: string;
  payload: string;
  created_at: string;
}

const toMessage = (r: OutboxRow): OutboxMessage => ({
  id: r.id,
  type: r.type,
  customerId: r.customer_id,
  dedupeKey: r.dedupe_key,
  payload: JSON.parse(r.payload) as unknown,
  createdAt: r.created_at,
});

interface AttemptDbRow {
  delivery_id: string;
  attempt: number;
  at: string;
  outcome: AttemptRow['outcome'];
  status: number | null;
  latency_ms: number | null;
  error: string | null;
  owner: string;
}

interface EndpointRow {
  id: string;
  customer_id: string;
  url: string;
  events: string;
  secrets: string;
  status: WebhookEndpointRow['status'];
  created_at: string;
  updated_at: string;
}

const toEndpoint = (r: EndpointRow): WebhookEndpointRow => ({
  id: r.id,
  customerId: r.customer_id,
  url: r.url,
  events: JSON.parse(r.events) as string[],
  secrets: JSON.parse(r.secrets) as string[],
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const byId = (a: DeliveryRow, b: DeliveryRow): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export const deliveryReads = (db: SqlConn) => ({
  async outboxBacklog() {
    const r = await db.get<{ n: number; oldest: string | null }>(
      'SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM notification_outbox WHERE delivered_at IS NULL',
    );
    return { pending: Number(r?.n ?? 0), oldestCreatedAt: r?.oldest ?? null };
  },
  async notificationsByIds(ids: readonly string[]): Promise<readonly OutboxMessage[]> {
    if (ids.length === 0) return [];
    const rows = await db.all<OutboxRow>(
      `SELECT * FROM notification_outbox WHERE id IN (${marks(ids.length)}) ORDER BY id`,
      ids,
    );
    return rows.map(toMessage);
  },
  async hasUnrouted(): Promise<boolean> {
    return (await db.get('SELECT 1 AS one FROM notification_outbox WHERE routed_at IS NULL LIMIT 1')) !== undefined;
  },
  async nextDeliveryAt(): Promise<number | null> {
    // Not what is leased (in flight) or waits behind an earlier delivery of its incident: neither can start.
    const r = await db.get<{ t: number | null }>(
      `SELECT MIN(d.next_attempt_at) AS t FROM notification_deliveries d
       WHERE d.status = 'held' OR (d.status = 'pending' AND d.lease_owner IS NULL
         AND (d.order_key IS NULL OR NOT EXISTS (
           SELECT 1 FROM notification_deliveries e
           WHERE e.order_key = d.order_key AND e.id < d.id AND e.status IN ('pending', 'held'))))`,
    );
    return r?.t === null || r?.t === undefined ? null : Number(r.t);
  },
  async delivery(id: string): Promise<DeliveryRow | undefined> {
    const r = await db.get<Row>('SELECT * FROM notification_deliveries WHERE id = ?', [id]);
    return r && toDelivery(r);
  },
  async deliveries(q: DeliveryQuery) {
    const where: string[] = [];
    const params: SqlParam[] = [];
    const add = (sql: string, v: string | undefined): void => {
      if (v === undefined) return;
      where.push(sql);
      params.push(v);
    };
    add('status = ?', q.status);
    add('type = ?', q.type);
    add('customer_id = ?', q.customerId);
    add('channel = ?', q.channel);
    add('id > ?', q.after);
    const rows = await db.all<Row>(
      `SELECT * FROM notification_deliveries${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`,
      [...params, q.limit + 1],
    );
    return pageOf(rows, q, toDelivery, (d) => d.id);
  },
  async attemptsOf(ids: readonly string[]): Promise<readonly AttemptRow[]> {
    if (ids.length === 0) return [];
    const rows = await db.all<AttemptDbRow>(
      `SELECT * FROM notification_attempts WHERE delivery_id IN (${marks(ids.length)}) ORDER BY delivery_id, attempt`,
      ids,
    );
    return rows.map((r) => ({
      deliveryId: r.delivery_id,
      attempt: Number(r.attempt),
      at: r.at,
      outcome: r.outcome,
      status: r.status === null ? null : Number(r.status),
      latencyMs: r.latency_ms === null ? null : Number(r.latency_ms),
      error: r.error,
      owner: r.owner,
    }));
  },
  async webhookEndpoints(customerId: string): Promise<readonly WebhookEndpointRow[]> {
    const rows = await db.all<EndpointRow>('SELECT * FROM webhook_endpoints WHERE customer_id = ? ORDER BY id', [
      customerId,
    ]);
    return rows.map(toEndpoint);
  },
  async webhookEndpoint(customerId: string, id: string): Promise<WebhookEndpointRow | undefined> {
    const r = await db.get<EndpointRow>('SELECT * FROM webhook_endpoints WHERE customer_id = ? AND id = ?', [
      customerId,
      id,
    ]);
    return r && toEndpoint(r);
  },
});

export const deliveryWrites = (db: SqlConn) => ({
  async claimUnrouted(limit: number): Promise<readonly OutboxMessage[]> {
    const lock = db.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    const rows = await db.all<OutboxRow>(
      `SELECT * FROM notification_outbox WHERE routed_at IS NULL ORDER BY id LIMIT ?${lock}`,
      [limit],
    );
    return rows.map(toMessage);
  },
  async markRouted(notificationId: string, at: string): Promise<void> {
    await db.run('UPDATE notification_outbox SET routed_at = ? WHERE id = ?', [at, notificationId]);
  },
  async insertDelivery(d: NewDelivery): Promise<boolean> {
    const changed = await db.run(
      `INSERT INTO notification_deliveries (id, notification_id, customer_id, type, channel, target, endpoint_id, order_key, limit_key, status, covers, covered_by, attempts, next_attempt_at, lease_owner, lease_expires_at, last_status, last_error, created_at, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, ?, NULL, NULL, NULL, NULL, ?, NULL) ON CONFLICT (id) DO NOTHING`,
      [
        d.id,
        d.notificationId,
        d.customerId,
        d.type,
        d.channel,
        d.target,
        d.endpointId,
        d.orderKey,
        d.limitKey,
        d.status,
        JSON.stringify(d.covers),
        d.nextAttemptAt,
        d.createdAt,
      ],
    );
    return changed > 0;
  },
  lockLimit: (limitKey: string): Promise<void> => db.lock(`notify-limit:${limitKey}`),
  async rateWindow(limitKey: string): Promise<readonly number[]> {
    const r = await db.get<{ sent_at: string }>('SELECT sent_at FROM notification_rate_windows WHERE limit_key = ?', [
      limitKey,
    ]);
    return r === undefined ? [] : (JSON.parse(r.sent_at) as number[]);
  },
  async saveRateWindow(limitKey: string, sentAt: readonly number[]): Promise<void> {
    await db.run(
      'INSERT INTO notification_rate_windows (limit_key, sent_at) VALUES (?, ?) ON CONFLICT (limit_key) DO UPDATE SET sent_at = excluded.sent_at',
      [limitKey, JSON.stringify(sentAt)],
    );
  },
  async heldDeliveries(limitKey: string): Promise<readonly DeliveryRow[]> {
    const rows = await db.all<Row>(
      "SELECT * FROM notification_deliveries WHERE limit_key = ? AND status = 'held' ORDER BY id",
      [limitKey],
    );
    return rows.map(toDelivery);
  },
  async dueHeldKeys(nowMs: number, limit: number): Promise<readonly string[]> {
    const rows = await db.all<{ limit_key: string }>(
      "SELECT DISTINCT limit_key FROM notification_deliveries WHERE status = 'held' AND next_attempt_at <= ? ORDER BY limit_key LIMIT ?",
      [nowMs, limit],
    );
    return rows.map((r) => r.limit_key);
  },
  async coalesceInto(ids: readonly string[], into: string, at: string): Promise<void> {
    if (ids.length === 0) return;
    await db.run(
      `UPDATE notification_deliveries SET status = 'coalesced', covered_by = ?, finished_at = ? WHERE id IN (${marks(ids.length)})`,
      [into, at, ...ids],
    );
  },
  async releaseHeld(id: string, covers: readonly string[], nowMs: number): Promise<void> {
    await db.run(
      "UPDATE notification_deliveries SET status = 'pending', covers = ?, next_attempt_at = ? WHERE id = ? AND status = 'held'",
      [JSON.stringify(covers), nowMs, id],
    );
  },
  async rescheduleHeld(ids: readonly string[], atMs: number): Promise<void> {
    if (ids.length === 0) return;
    await db.run(
      `UPDATE notification_deliveries SET next_attempt_at = ? WHERE status = 'held' AND id IN (${marks(ids.length)})`,
      [atMs, ...ids],
    );
  },
  async claimDeliveries(
    channel: DeliveryChannel,
    owner: string,
    leaseMs: number,
    nowMs: number,
    limit: number,
  ): Promise<readonly DeliveryRow[]> {
    const now = dbNowMs(db);
    const lock = db.dialect === 'postgres' ? ' FOR UPDATE OF d SKIP LOCKED' : '';
    const rows = await db.all<Row>(
      `UPDATE notification_deliveries SET lease_owner = ?, lease_expires_at = ${now} + ?
       WHERE id IN (
         SELECT d.id FROM notification_deliveries d
         WHERE d.status = 'pending' AND d.channel = ? AND d.next_attempt_at <= ?
           AND (d.lease_expires_at IS NULL OR d.lease_expires_at < ${now})
           AND (d.order_key IS NULL OR NOT EXISTS (
             SELECT 1 FROM notification_deliveries e
             WHERE e.order_key = d.order_key AND e.id < d.id AND e.status IN ('pending', 'held')))
         ORDER BY d.next_attempt_at, d.id LIMIT ?${lock})
       RETURNING *`,
      [owner, leaseMs, channel, nowMs, limit],
    );
    return rows.map(toDelivery).sort(byId);
  },
  releaseLeases: (owner: string): Promise<number> =>
    db.run('UPDATE notification_deliveries SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ?', [
      owner,
    ]),
  async recordAttempt(a: AttemptRow, end: { status: string; nextAttemptAt: number; finishedAt: string | null }) {
    const changed = await db.run(
      `UPDATE notification_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, lease_owner = NULL, lease_expires_at = NULL,
         last_status = ?, last_error = ?, finished_at = ?
       WHERE id = ? AND lease_owner = ? AND status = 'pending' AND attempts = ?`,
      [
        end.status,
        a.attempt,
        end.nextAttemptAt,
        a.status,
        a.error,
        end.finishedAt,
        a.deliveryId,
        a.owner,
        a.attempt - 1,
      ],
    );
    if (changed === 0) return false;
    await db.run(
      'INSERT INTO notification_attempts (delivery_id, attempt, at, outcome, status, latency_ms, error, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [a.deliveryId, a.attempt, a.at, a.outcome, a.status, a.latencyMs, a.error, a.owner],
    );
    return true;
  },
  async settleNotifications(ids: readonly string[], at: string): Promise<void> {
    if (ids.length === 0) return;
    await db.run(
      `UPDATE notification_outbox SET delivered_at = ? WHERE delivered_at IS NULL AND routed_at IS NOT NULL AND id IN (${marks(ids.length)})
       AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.notification_id = notification_outbox.id AND d.status IN ('pending', 'held'))
       AND NOT EXISTS (SELECT 1 FROM notification_deliveries d JOIN notification_deliveries c ON c.id = d.covered_by
                       WHERE d.notification_id = notification_outbox.id AND c.status IN ('pending', 'held'))`,
      [at, ...ids],
    );
  },
  async redeliver(id: string, nowMs: number): Promise<boolean> {
    const changed = await db.run(
      "UPDATE notification_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, finished_at = NULL, lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND status = 'dead'",
      [nowMs, id],
    );
    if (changed === 0) return false;
    await db.run(
      'UPDATE notification_outbox SET delivered_at = NULL WHERE id IN (SELECT notification_id FROM notification_deliveries WHERE id = ? OR covered_by = ?)',
      [id, id],
    );
    return true;
  },
  async insertWebhookEndpoint(e: WebhookEndpointRow): Promise<void> {
    await db.run(
      'INSERT INTO webhook_endpoints (id, customer_id, url, events, secrets, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [
        e.id,
        e.customerId,
        e.url,
        JSON.stringify(e.events),
        JSON.stringify(e.secrets),
        e.status,
        e.createdAt,
        e.updatedAt,
      ],
    );
  },
  async updateWebhookEndpoint(e: WebhookEndpointRow): Promise<boolean> {
    const changed = await db.run(
      'UPDATE webhook_endpoints SET url = ?, events = ?, secrets = ?, status = ?, updated_at = ? WHERE id = ? AND customer_id = ?',
      [e.url, JSON.stringify(e.events), JSON.stringify(e.secrets), e.status, e.updatedAt, e.id, e.customerId],
    );
    return changed > 0;
  },
  async deleteWebhookEndpoint(customerId: string, id: string): Promise<boolean> {
    const changed = await db.run('DELETE FROM webhook_endpoints WHERE id = ? AND customer_id = ?', [id, customerId]);
    return changed > 0;
  },
});
