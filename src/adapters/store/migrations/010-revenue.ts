/**
 * The revenue ledger: contract revenue terms, versioned (a change is a new version, never an edit), and
 * the append-only revenue entries the daily close writes, each with its evidence (the receipt a usage
 * entry recognizes; the log range and closing checkpoint of a recognized month) and the entry it
 * corrects. The database refuses UPDATE and DELETE on both tables, as it does for receipts (002). The
 * partial unique indexes hold one original entry per key, so "one usage entry per receipted
 * operation" is a constraint and two closes racing on one customer cannot both book the same line.
 */
import type { Migration } from './index.ts';

const tables = `
CREATE TABLE contract_revenue_terms (
  customer_id TEXT NOT NULL REFERENCES customers(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  contract_reference TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  document TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (customer_id, version)
);
CREATE TABLE revenue_entries (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  terms_version INTEGER NOT NULL,
  obligation_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('billing', 'recognition', 'usage')),
  period TEXT NOT NULL,
  service_period TEXT NOT NULL,
  occurred_on TEXT NOT NULL,
  booked_on TEXT NOT NULL,
  amount TEXT NOT NULL,
  currency TEXT NOT NULL,
  receipt_id TEXT,
  log_index INTEGER,
  log_first INTEGER,
  log_last INTEGER,
  checkpoint_size INTEGER,
  checkpoint_root TEXT,
  corrects TEXT REFERENCES revenue_entries(id),
  recorded_at TEXT NOT NULL,
  FOREIGN KEY (customer_id, terms_version) REFERENCES contract_revenue_terms (customer_id, version),
  CHECK ((kind = 'usage') = (receipt_id IS NOT NULL AND log_index IS NOT NULL)),
  CHECK ((kind = 'billing') = (obligation_id IS NULL))
);
CREATE INDEX revenue_entries_customer ON revenue_entries (customer_id, id);
CREATE UNIQUE INDEX revenue_entries_one_usage ON revenue_entries (customer_id, receipt_id)
  WHERE kind = 'usage' AND corrects IS NULL;
CREATE UNIQUE INDEX revenue_entries_one_recognition ON revenue_entries (customer_id, obligation_id, service_period)
  WHERE kind = 'recognition' AND corrects IS NULL;
CREATE UNIQUE INDEX revenue_entries_one_invoice ON revenue_entries (customer_id, occurred_on)
  WHERE kind = 'billing' AND corrects IS NULL;
`;

const APPEND_ONLY = ['contract_revenue_terms', 'revenue_entries'];

const sqliteTriggers = APPEND_ONLY.flatMap((t) => [
  `CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t} BEGIN SELECT RAISE(ABORT, '${t} is append-only'); END;`,
  `CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t} BEGIN SELECT RAISE(ABORT, '${t} is append-only'); END;`,
]).join('\n');

// tai_append_only() is 002's: it raises '<table> is append-only'.
const postgresTriggers = APPEND_ONLY.map(
  (t) =>
    `CREATE TRIGGER ${t}_append_only BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION tai_append_only();`,
).join('\n');

export const m010Revenue: Migration = {
  version: 10,
  name: 'revenue',
  sql: { sqlite: tables + sqliteTriggers, postgres: tables + postgresTriggers },
};
