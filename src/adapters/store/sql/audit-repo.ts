/** The global audit chain over SqlConn: append, query, verify ranges, anchors and pruning. */
import type { AuditAnchorRow, AuditQuery, AuditRow } from '../interface.ts';
import type { SqlConn } from './conn.ts';
import { filtered } from './filter.ts';

interface AuditDbRow {
  seq: number;
  id: string;
  at: string;
  type: string;
  actor: string;
  customer_pseudonym: string | null;
  outcome: string;
  details: string;
  prev_hash: string;
  hash: string;
}

const toAudit = (r: AuditDbRow): AuditRow => ({
  seq: Number(r.seq),
  id: r.id,
  at: r.at,
  type: r.type,
  actor: r.actor,
  customerPseudonym: r.customer_pseudonym,
  outcome: r.outcome,
  details: r.details,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export const auditReads = (db: SqlConn) => ({
  async auditEvents(q: AuditQuery): Promise<readonly AuditRow[]> {
    const { sql, params } = filtered(
      '1 = 1',
      [],
      [
        ['seq > ?', q.afterSeq],
        ['at >= ?', q.from],
        ['at < ?', q.to],
        ['type = ?', q.type],
        ['customer_pseudonym = ?', q.customerPseudonym],
        ['outcome = ?', q.outcome],
      ],
    );
    const rows = await db.all<AuditDbRow>(`SELECT * FROM audit_events WHERE ${sql} ORDER BY seq LIMIT ?`, [
      ...params,
      q.limit,
    ]);
    return rows.map(toAudit);
  },
  async auditRange(fromSeq: number, limit: number): Promise<readonly AuditRow[]> {
    const rows = await db.all<AuditDbRow>('SELECT * FROM audit_events WHERE seq >= ? ORDER BY seq LIMIT ?', [
      fromSeq,
      limit,
    ]);
    return rows.map(toAudit);
  },
  async auditHead(): Promise<{ seq: number; hash: string } | undefined> {
    const r = await db.get<{ seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1',
    );
    if (r) return { seq: Number(r.seq), hash: r.hash };
    // Everything pruned: the chain continues from the last anchor.
    const a = await db.get<{ through_seq: number; last_hash: string }>(
      'SELECT through_seq, last_hash FROM audit_anchors ORDER BY through_seq DESC LIMIT 1',
    );
    return a && { seq: Number(a.through_seq), hash: a.last_hash };
  },
  async latestAuditAnchor(): Promise<AuditAnchorRow | undefined> {
    const r = await db.get<{ through_seq: number; last_hash: string; anchor: string; created_at: string }>(
      'SELECT * FROM audit_anchors ORDER BY through_seq DESC LIMIT 1',
    );
    return r && { throughSeq: Number(r.through_seq), lastHash: r.last_hash, anchor: r.anchor, createdAt: r.created_at };
  },
});

export const auditWrites = (db: SqlConn) => ({
  lockAudit: () => db.lock('audit'),
  async appendAudit(row: AuditRow): Promise<void> {
    await db.run(
      'INSERT INTO audit_events (seq, id, at, type, actor, customer_pseudonym, outcome, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        row.seq,
        row.id,
        row.at,
        row.type,
        row.actor,
        row.customerPseudonym,
        row.outcome,
        row.details,
        row.prevHash,
        row.hash,
      ],
    );
  },
  async pruneAudit(anchor: AuditAnchorRow): Promise<number> {
    await db.run('INSERT INTO audit_anchors (through_seq, last_hash, anchor, created_at) VALUES (?, ?, ?, ?)', [
      anchor.throughSeq,
      anchor.lastHash,
      anchor.anchor,
      anchor.createdAt,
    ]);
    await db.run('INSERT INTO audit_prune_permits (through_seq) VALUES (?)', [anchor.throughSeq]);
    const deleted = await db.run('DELETE FROM audit_events WHERE seq <= ?', [anchor.throughSeq]);
    await db.run('DELETE FROM audit_prune_permits WHERE through_seq = ?', [anchor.throughSeq]);
    return deleted;
  },
});
