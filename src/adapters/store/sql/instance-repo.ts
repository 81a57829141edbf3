/** Instances and owned work over SqlConn (see ports/instances.ts). */
import type {
  InstanceRow,
  InstanceState,
  OrphanedClaim,
  OwnedWorkRow,
  WorkHold,
  WorkKind,
} from '../ports/instances.ts';
import type { SqlConn } from './conn.ts';

interface InstanceSqlRow {
  id: string;
  host: string;
  pid: number;
  state: InstanceState;
  started_at: number;
  heartbeat_at: number;
  lease_expires_at: number;
  ended_at: number | null;
  ended_by: string | null;
}

interface WorkSqlRow {
  kind: WorkKind;
  work_id: string;
  customer_id: string;
  owner: string;
  fence: number;
  host: string;
  pid: number | null;
  pgid: number | null;
  claimed_at: number;
}

const nullableNumber = (v: number | null): number | null => (v === null ? null : Number(v));

const toInstance = (r: InstanceSqlRow): InstanceRow => ({
  id: r.id,
  host: r.host,
  pid: Number(r.pid),
  state: r.state,
  startedAt: Number(r.started_at),
  heartbeatAt: Number(r.heartbeat_at),
  leaseExpiresAt: Number(r.lease_expires_at),
  endedAt: nullableNumber(r.ended_at),
  endedBy: r.ended_by,
});

const toWork = (r: WorkSqlRow): OwnedWorkRow => ({
  kind: r.kind,
  workId: r.work_id,
  customerId: r.customer_id,
  owner: r.owner,
  fence: Number(r.fence),
  host: r.host,
  pid: nullableNumber(r.pid),
  pgid: nullableNumber(r.pgid),
  claimedAt: Number(r.claimed_at),
});

const NOW_SQL = {
  postgres: 'SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT) AS now',
  sqlite: "SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) AS now",
} as const;

const NOT_LIVE = "NOT IN (SELECT id FROM instances WHERE state = 'live')";

export const instanceReads = (db: SqlConn) => ({
  async databaseNow(): Promise<number> {
    const r = await db.get<{ now: number }>(NOW_SQL[db.dialect]);
    return Number(r?.now ?? 0);
  },
  async instance(id: string): Promise<InstanceRow | undefined> {
    const r = await db.get<InstanceSqlRow>('SELECT * FROM instances WHERE id = ?', [id]);
    return r && toInstance(r);
  },
  async liveInstances(): Promise<InstanceRow[]> {
    const rows = await db.all<InstanceSqlRow>("SELECT * FROM instances WHERE state = 'live' ORDER BY started_at, id");
    return rows.map(toInstance);
  },
  async ownedWork(kind: WorkKind, workId: string): Promise<OwnedWorkRow | undefined> {
    const lock = db.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const r = await db.get<WorkSqlRow>(`SELECT * FROM owned_work WHERE kind = ? AND work_id = ?${lock}`, [
      kind,
      workId,
    ]);
    return r && toWork(r);
  },
  async orphanedWork(limit: number): Promise<OwnedWorkRow[]> {
    const rows = await db.all<WorkSqlRow>(
      `SELECT * FROM owned_work WHERE owner ${NOT_LIVE} ORDER BY claimed_at, work_id LIMIT ?`,
      [limit],
    );
    return rows.map(toWork);
  },
  async orphanedClaims(limit: number): Promise<OrphanedClaim[]> {
    const rows = await db.all<{ customer_id: string; key: string; owner: string }>(
      `SELECT customer_id, key, owner FROM idempotency_keys
        WHERE state = 'in_flight' AND owner IS NOT NULL AND owner ${NOT_LIVE} ORDER BY created_at LIMIT ?`,
      [limit],
    );
    return rows.map((r) => ({ customerId: r.customer_id, key: r.key, owner: r.owner }));
  },
});

export const instanceWrites = (db: SqlConn) => ({
  async registerInstance(r: Omit<InstanceRow, 'state' | 'endedAt' | 'endedBy'>): Promise<void> {
    await db.run(
      `INSERT INTO instances (id, host, pid, state, started_at, heartbeat_at, lease_expires_at, ended_at, ended_by)
       VALUES (?, ?, ?, 'live', ?, ?, ?, NULL, NULL)`,
      [r.id, r.host, r.pid, r.startedAt, r.heartbeatAt, r.leaseExpiresAt],
    );
  },
  async renewInstance(id: string, now: number, leaseExpiresAt: number): Promise<boolean> {
    const changed = await db.run(
      "UPDATE instances SET heartbeat_at = ?, lease_expires_at = ? WHERE id = ? AND state = 'live'",
      [now, leaseExpiresAt, id],
    );
    return changed > 0;
  },
  async endInstance(id: string, state: 'stopped' | 'taken_over', by: string, now: number): Promise<boolean> {
    const changed = await db.run(
      "UPDATE instances SET state = ?, ended_at = ?, ended_by = ? WHERE id = ? AND state = 'live'",
      [state, now, by, id],
    );
    return changed > 0;
  },
  async claimWork(w: OwnedWorkRow): Promise<void> {
    await db.run(
      `INSERT INTO owned_work (kind, work_id, customer_id, owner, fence, host, pid, pgid, claimed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [w.kind, w.workId, w.customerId, w.owner, w.fence, w.host, w.pid, w.pgid, w.claimedAt],
    );
  },
  async takeOverWork(kind: WorkKind, workId: string, hold: WorkHold, to: string): Promise<boolean> {
    const changed = await db.run(
      'UPDATE owned_work SET owner = ?, fence = fence + 1 WHERE kind = ? AND work_id = ? AND owner = ? AND fence = ?',
      [to, kind, workId, hold.owner, hold.fence],
    );
    return changed > 0;
  },
  async recordWorkProcess(kind: WorkKind, workId: string, hold: WorkHold, pid: number, pgid: number) {
    const changed = await db.run(
      'UPDATE owned_work SET pid = ?, pgid = ? WHERE kind = ? AND work_id = ? AND owner = ? AND fence = ?',
      [pid, pgid, kind, workId, hold.owner, hold.fence],
    );
    return changed > 0;
  },
  async finishWork(kind: WorkKind, workId: string, hold: WorkHold): Promise<boolean> {
    const changed = await db.run('DELETE FROM owned_work WHERE kind = ? AND work_id = ? AND owner = ? AND fence = ?', [
      kind,
      workId,
      hold.owner,
      hold.fence,
    ]);
    return changed > 0;
  },
  async releaseClaim(c: OrphanedClaim): Promise<boolean> {
    const changed = await db.run(
      "DELETE FROM idempotency_keys WHERE customer_id = ? AND key = ? AND owner = ? AND state = 'in_flight'",
      [c.customerId, c.key, c.owner],
    );
    return changed > 0;
  },
});
