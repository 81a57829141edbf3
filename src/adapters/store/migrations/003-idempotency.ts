/** Idempotency keys (IETF httpapi idempotency-key draft): one row per (customer, key), the first response kept. */
import type { Migration } from './index.ts';

export const m003Idempotency: Migration = {
  version: 3,
  name: 'idempotency',
  sql: `
CREATE TABLE idempotency_keys (
  customer_id TEXT NOT NULL REFERENCES customers(id),
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
  status_code INTEGER,
  response TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  PRIMARY KEY (customer_id, key)
);
CREATE INDEX idempotency_expiry ON idempotency_keys (expires_at);
`,
};
