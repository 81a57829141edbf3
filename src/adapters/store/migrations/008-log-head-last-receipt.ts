/**
 * The log head names its last receipt's id (its issue time is already there, as updated_at), so an append
 * can keep ids rising and issue times from falling without reading the last receipt back.
 */
import type { Migration } from './index.ts';

export const m008LogHeadLastReceipt: Migration = {
  version: 8,
  name: 'log-head-last-receipt',
  sql: `
ALTER TABLE receipt_logs ADD COLUMN last_receipt_id TEXT;
UPDATE receipt_logs SET last_receipt_id = (
  SELECT r.id FROM receipts r WHERE r.customer_id = receipt_logs.customer_id AND r.log_index = receipt_logs.size - 1
);
`,
};
