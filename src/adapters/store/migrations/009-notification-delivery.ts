/**
 * Delivery of the notification outbox. Each outbox row is routed once into deliveries, one per target
 * (a channel, an email audience, a customer's webhook endpoint), so one failing target never holds up
 * the others. A delivery is claimed under a lease (owner and expiry, the expiry in database time), and
 * every attempt is kept. Rate-limit windows keep the instants messages went out per (customer, type,
 * target); what a window holds back waits as `held` deliveries and goes out coalesced into one.
 */
import type { Migration } from './index.ts';

export const m009NotificationDelivery: Migration = {
  version: 9,
  name: 'notification-delivery',
  sql: `
ALTER TABLE notification_outbox ADD COLUMN routed_at TEXT;
CREATE INDEX notification_outbox_unrouted ON notification_outbox (id) WHERE routed_at IS NULL;
CREATE INDEX notification_outbox_undelivered ON notification_outbox (created_at) WHERE delivered_at IS NULL;
CREATE TABLE notification_deliveries (
  id TEXT PRIMARY KEY,
  notification_id TEXT NOT NULL REFERENCES notification_outbox(id),
  customer_id TEXT,
  type TEXT NOT NULL,
  channel TEXT NOT NULL,
  target TEXT NOT NULL,
  endpoint_id TEXT,
  order_key TEXT,
  limit_key TEXT,
  status TEXT NOT NULL,
  covers TEXT NOT NULL,
  covered_by TEXT,
  attempts INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  lease_owner TEXT,
  lease_expires_at BIGINT,
  last_status INTEGER,
  last_error TEXT,
  created_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (status, channel, next_attempt_at);
CREATE INDEX notification_deliveries_order ON notification_deliveries (order_key, id) WHERE order_key IS NOT NULL;
CREATE INDEX notification_deliveries_limit ON notification_deliveries (limit_key, status, id);
CREATE INDEX notification_deliveries_notification ON notification_deliveries (notification_id);
CREATE INDEX notification_deliveries_listing ON notification_deliveries (status, type, id);
CREATE TABLE notification_attempts (
  delivery_id TEXT NOT NULL REFERENCES notification_deliveries(id),
  attempt INTEGER NOT NULL,
  at TEXT NOT NULL,
  outcome TEXT NOT NULL,
  status INTEGER,
  latency_ms INTEGER,
  error TEXT,
  owner TEXT NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);
CREATE TABLE notification_rate_windows (
  limit_key TEXT PRIMARY KEY,
  sent_at TEXT NOT NULL
);
CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  secrets TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX webhook_endpoints_customer ON webhook_endpoints (customer_id, id);
`,
};
