/**
 * Per-customer usage as hourly aggregates: one row per (customer, UTC hour, operation kind) holding the
 * request and error counts and a fixed latency histogram (src/domain/usage/histogram.ts), one column per
 * bucket, so a flush adds to a row in one atomic upsert on both stores and instances never overwrite
 * each other's counts.
 */
import type { Migration } from './index.ts';

const BUCKET_COLUMNS = Array.from(
  { length: 32 },
  (_, k) => `  b${String(k).padStart(2, '0')} INTEGER NOT NULL DEFAULT 0,`,
);

const sql = `
CREATE TABLE usage_hourly (
  customer_id TEXT NOT NULL,
  hour TEXT NOT NULL,
  kind TEXT NOT NULL,
  requests INTEGER NOT NULL,
  client_errors INTEGER NOT NULL,
  server_errors INTEGER NOT NULL,
${BUCKET_COLUMNS.join('\n')}
  PRIMARY KEY (customer_id, hour, kind)
);
`;

export const m013Usage: Migration = { version: 13, name: 'usage', sql };
