/**
 * The revenue ledger's closing state and the capacity meter. `revenue_day_closes` holds one row per day
 * whose daily close completed for every customer; `revenue_closed_periods` one row per move of finance's
 * closed period (the latest is in force). Both are append-only, so a closed period only moves forward
 * and its history stays. A usage entry now names its meter: a `capacity_unit_day` entry is one per
 * deploy receipt and held day, so the one-original-per-receipt index excludes it and a second index
 * holds one original per (receipt, day). Entries written before this migration have no meter; they are
 * all of the per-receipt meters (publish, deploy).
 */
import type { Migration } from './index.ts';

const tables = `
CREATE TABLE revenue_day_closes (
  day TEXT PRIMARY KEY,
  closed_at TEXT NOT NULL
);
CREATE TABLE revenue_closed_periods (
  period TEXT PRIMARY KEY,
  closed_at TEXT NOT NULL,
  actor TEXT NOT NULL
);
ALTER TABLE revenue_entries ADD COLUMN meter TEXT
  CHECK (meter IS NULL OR meter IN ('publish', 'deploy', 'capacity_unit_day'));
DROP INDEX revenue_entries_one_usage;
CREATE UNIQUE INDEX revenue_entries_one_usage ON revenue_entries (customer_id, receipt_id)
  WHERE kind = 'usage' AND corrects IS NULL AND COALESCE(meter, '') <> 'capacity_unit_day';
CREATE UNIQUE INDEX revenue_entries_one_unit_day ON revenue_entries (customer_id, receipt_id, occurred_on)
  WHERE kind = 'usage' AND corrects IS NULL AND meter = 'capacity_unit_day';
`;

const APPEND_ONLY = ['revenue_day_closes', 'revenue_closed_periods'];

const sqliteTriggers = APPEND_ONLY.flatMap((t) => [
  `CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t} BEGIN SELECT RAISE(ABORT, '${t} is append-only'); END;`,
  `CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t} BEGIN SELECT RAISE(ABORT, '${t} is append-only'); END;`,
]).join('\n');

// tai_append_only() is 002's: it raises '<table> is append-only'.
const postgresTriggers = APPEND_ONLY.map(
  (t) =>
    `CREATE TRIGGER ${t}_append_only BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION tai_append_only();`,
).join('\n');

export const m012RevenuePeriods: Migration = {
  version: 12,
  name: 'revenue-periods',
  sql: { sqlite: tables + sqliteTriggers, postgres: tables + postgresTriggers },
};
