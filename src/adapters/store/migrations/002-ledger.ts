/**
 * Receipts, their Merkle tree, checkpoints and the audit trail. The database itself refuses UPDATE and
 * DELETE on every one of these tables; audit rows may be deleted only under a prune permit that
 * `tai audit prune` writes (after its signed anchor) and removes in the same transaction.
 */
import type { Migration } from './index.ts';

const tables = `
CREATE TABLE receipt_logs (
  customer_id TEXT PRIMARY KEY REFERENCES customers(id),
  size INTEGER NOT NULL,
  frontier TEXT NOT NULL,
  last_leaf_hash TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE receipts (
  customer_id TEXT NOT NULL REFERENCES customers(id),
  log_index INTEGER NOT NULL,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  body TEXT NOT NULL,
  signature TEXT NOT NULL,
  leaf_hash TEXT NOT NULL,
  PRIMARY KEY (customer_id, log_index)
);
CREATE INDEX receipts_by_kind ON receipts (customer_id, kind, issued_at);
CREATE INDEX receipts_by_time ON receipts (customer_id, issued_at);
CREATE TABLE receipt_nodes (
  customer_id TEXT NOT NULL,
  level INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (customer_id, level, idx)
);
CREATE TABLE checkpoints (
  customer_id TEXT NOT NULL,
  tree_size INTEGER NOT NULL,
  root_hash TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (customer_id, tree_size)
);
CREATE TABLE audit_events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  actor TEXT NOT NULL,
  customer_pseudonym TEXT,
  outcome TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_by_time ON audit_events (at);
CREATE TABLE audit_anchors (
  through_seq INTEGER PRIMARY KEY,
  last_hash TEXT NOT NULL,
  anchor TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE audit_prune_permits (
  through_seq INTEGER NOT NULL
);
`;

const APPEND_ONLY = ['receipts', 'receipt_nodes', 'checkpoints', 'audit_anchors'];

const sqliteTriggers = [
  ...APPEND_ONLY.flatMap((t) => [
    `CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t} BEGIN SELECT RAISE(ABORT, '${t} is append-only'); END;`,
    `CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t} BEGIN SELECT RAISE(ABORT, '${t} is append-only'); END;`,
  ]),
  `CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;`,
  `CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
     WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permits WHERE through_seq >= OLD.seq)
     BEGIN SELECT RAISE(ABORT, 'audit_events is append-only; prune with tai audit prune'); END;`,
].join('\n');

const postgresTriggers = `
CREATE FUNCTION tai_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$fn$;
CREATE FUNCTION tai_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_prune_permits WHERE through_seq >= OLD.seq) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only; prune with tai audit prune';
END
$fn$;
${APPEND_ONLY.map((t) => `CREATE TRIGGER ${t}_append_only BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION tai_append_only();`).join('\n')}
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION tai_audit_guard();
`;

export const m002Ledger: Migration = {
  version: 2,
  name: 'ledger',
  sql: {
    sqlite: tables + sqliteTriggers,
    postgres: tables.replaceAll('seq INTEGER PRIMARY KEY', 'seq BIGINT PRIMARY KEY') + postgresTriggers,
  },
};
