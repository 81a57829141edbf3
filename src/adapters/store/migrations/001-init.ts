/** Tenancy and onboarding: customers, API keys, contracts, pricing versions, settings. */
import type { Migration } from './index.ts';

export const m001Init: Migration = {
  version: 1,
  name: 'init',
  sql: `
CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  contact_email TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('eval', 'pilot', 'prod')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  scopes TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  last_used_at TEXT
);
CREATE INDEX api_keys_customer ON api_keys (customer_id);
CREATE TABLE contracts (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  reference TEXT NOT NULL,
  document TEXT NOT NULL,
  signature TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX contracts_customer ON contracts (customer_id, recorded_at);
CREATE TABLE pricing_versions (
  customer_id TEXT NOT NULL REFERENCES customers(id),
  version INTEGER NOT NULL,
  effective_from TEXT NOT NULL,
  document TEXT NOT NULL,
  created_at TEXT NOT NULL,
  frozen_at TEXT,
  PRIMARY KEY (customer_id, version)
);
CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
};
