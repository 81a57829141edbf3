/**
 * The certificate lifecycle: one record per customer (JSON, with a version for optimistic concurrency
 * and its wake time for the scheduler), the archive of replaced certificates, and the notification
 * outbox the lifecycle writes in the same transaction as its state change (the notifications capability
 * delivers from it later).
 */
import type { Migration } from './index.ts';

export const m004Lifecycle: Migration = {
  version: 4,
  name: 'lifecycle',
  sql: `
CREATE TABLE certificate_records (
  customer_id TEXT PRIMARY KEY REFERENCES customers(id),
  record TEXT NOT NULL,
  version INTEGER NOT NULL,
  wake_at BIGINT,
  updated_at TEXT NOT NULL
);
CREATE INDEX certificate_records_wake ON certificate_records (wake_at);
CREATE TABLE certificate_archive (
  customer_id TEXT NOT NULL REFERENCES customers(id),
  certificate_id TEXT NOT NULL,
  document TEXT NOT NULL,
  replaced_by TEXT,
  archived_at TEXT NOT NULL,
  PRIMARY KEY (customer_id, certificate_id, archived_at)
);
CREATE TABLE notification_outbox (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  customer_id TEXT,
  dedupe_key TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL,
  delivered_at TEXT
);
`,
};
