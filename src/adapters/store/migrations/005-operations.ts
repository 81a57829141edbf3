/**
 * Contractual operations: marketplace listings and deployments. A published pricing version is frozen:
 * the database refuses any change to its document once frozen_at is set, and frozen_at itself never moves.
 */
import type { Migration } from './index.ts';

const tables = `
CREATE TABLE listings (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  pricing_version INTEGER NOT NULL,
  segment TEXT NOT NULL,
  visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private', 'unlisted')),
  authority TEXT NOT NULL,
  insurance TEXT,
  receipt_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX listings_customer ON listings (customer_id, created_at);
CREATE INDEX listings_public ON listings (visibility, created_at);
CREATE TABLE deployments (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  contract_reference TEXT NOT NULL,
  target TEXT NOT NULL,
  capacity_units INTEGER NOT NULL,
  artifact TEXT NOT NULL,
  parameters TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('reserved', 'running', 'succeeded', 'failed', 'rolled_back', 'removed')),
  authority TEXT NOT NULL,
  insurance TEXT,
  outcome TEXT,
  receipts TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX deployments_customer ON deployments (customer_id, state);
`;

const sqliteFreeze = `
CREATE TRIGGER pricing_versions_frozen BEFORE UPDATE ON pricing_versions
  WHEN OLD.frozen_at IS NOT NULL OR NEW.document <> OLD.document OR NEW.effective_from <> OLD.effective_from
  BEGIN SELECT RAISE(ABORT, 'pricing versions are immutable; a published one is frozen'); END;
CREATE TRIGGER pricing_versions_no_delete BEFORE DELETE ON pricing_versions
  BEGIN SELECT RAISE(ABORT, 'pricing versions are immutable'); END;
`;

const postgresFreeze = `
CREATE FUNCTION tai_pricing_frozen() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.frozen_at IS NOT NULL OR NEW.document <> OLD.document OR NEW.effective_from <> OLD.effective_from THEN
    RAISE EXCEPTION 'pricing versions are immutable; a published one is frozen';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER pricing_versions_frozen BEFORE UPDATE OR DELETE ON pricing_versions FOR EACH ROW EXECUTE FUNCTION tai_pricing_frozen();
`;

export const m005Operations: Migration = {
  version: 5,
  name: 'operations',
  sql: { sqlite: tables + sqliteFreeze, postgres: tables + postgresFreeze },
};
