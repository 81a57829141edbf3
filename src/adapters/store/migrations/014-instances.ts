/**
 * Instances and the work they own. Each running `tai serve` has a row in `instances` whose lease it
 * renews on a timer, reckoned in the database's clock (epoch milliseconds). A piece of in-flight work
 * (a background deployment) has one row in `owned_work` naming its owner and a fencing token that grows
 * by one at every takeover, so an owner that paused past its lease cannot write after another took
 * over. An idempotency claim names its owner in its own row. Deployments left in flight before this
 * migration belong to no live instance, so the first instance to start recovers them (on no host: their
 * processes and directories, if any, are the operator's; see docs/runbooks/instance-takeover.md).
 */
import type { Migration } from './index.ts';

const script = `
CREATE TABLE instances (
  id TEXT PRIMARY KEY,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('live', 'stopped', 'taken_over')),
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL,
  lease_expires_at BIGINT NOT NULL,
  ended_at BIGINT,
  ended_by TEXT
);
CREATE INDEX instances_live ON instances (state, lease_expires_at);
CREATE TABLE owned_work (
  kind TEXT NOT NULL CHECK (kind IN ('deployment')),
  work_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  owner TEXT NOT NULL,
  fence BIGINT NOT NULL,
  host TEXT NOT NULL,
  pid INTEGER,
  pgid INTEGER,
  claimed_at BIGINT NOT NULL,
  PRIMARY KEY (kind, work_id)
);
CREATE INDEX owned_work_owner ON owned_work (owner);
ALTER TABLE idempotency_keys ADD COLUMN owner TEXT;
CREATE INDEX idempotency_keys_in_flight_owner ON idempotency_keys (owner, state);
INSERT INTO owned_work (kind, work_id, customer_id, owner, fence, host, pid, pgid, claimed_at)
  SELECT 'deployment', id, customer_id, 'ins_before_migration_014', 1, '', NULL, NULL, 0
    FROM deployments WHERE state IN ('reserved', 'running');
`;

export const m014Instances: Migration = { version: 14, name: 'instances', sql: script };
