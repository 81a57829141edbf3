/**
 * Several instances on one PostgreSQL. `insurer_call_budget` counts the insurer calls of every instance
 * per minute window of database time (both dialects have it; SQLite is single-instance and leaves it
 * empty). On PostgreSQL, `fleet_changes` records every committed change another instance must see (a
 * certificate record, a setting such as the read-only switch), written by triggers in the changing
 * transaction itself, so no writer can forget it; each insert also sends a NOTIFY on `tai_fleet` as a
 * hint. The sequence is the truth an instance catches up from; the notification only makes it quick.
 */
import type { Migration } from './index.ts';

const budget = `
CREATE TABLE insurer_call_budget (
  window_start BIGINT PRIMARY KEY,
  calls INTEGER NOT NULL
);
`;

export const m015Fleet: Migration = {
  version: 15,
  name: 'fleet',
  sql: {
    sqlite: budget,
    postgres:
      budget +
      `
CREATE TABLE fleet_changes (
  seq BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX fleet_changes_at ON fleet_changes (at);
CREATE FUNCTION tai_fleet_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE subject TEXT;
BEGIN
  IF TG_TABLE_NAME = 'certificate_records' THEN subject := NEW.customer_id;
  ELSIF TG_OP = 'DELETE' THEN subject := OLD.name;
  ELSE subject := NEW.name;
  END IF;
  INSERT INTO fleet_changes (kind, subject) VALUES (TG_ARGV[0], subject);
  PERFORM pg_notify('tai_fleet', TG_ARGV[0]);
  RETURN NULL;
END $fn$;
CREATE TRIGGER certificate_records_fleet AFTER INSERT OR UPDATE ON certificate_records
  FOR EACH ROW EXECUTE FUNCTION tai_fleet_change('certificate');
CREATE TRIGGER settings_fleet AFTER INSERT OR UPDATE OR DELETE ON settings
  FOR EACH ROW EXECUTE FUNCTION tai_fleet_change('setting');
`,
  },
};
