/** Ops dashboard sessions over SqlConn (see ports/sessions.ts). */
import type { OpsSessionReads, OpsSessionRow, OpsSessionWrites } from '../ports/sessions.ts';
import type { SqlConn } from './conn.ts';

interface SessionSqlRow {
  id_hash: string;
  csrf: string;
  created_at: number | string;
  expires_at: number | string;
}

export const sessionReads = (db: SqlConn): OpsSessionReads => ({
  async opsSession(idHash) {
    const r = await db.get<SessionSqlRow>('SELECT * FROM ops_sessions WHERE id_hash = ?', [idHash]);
    return r && { idHash: r.id_hash, csrf: r.csrf, createdAt: Number(r.created_at), expiresAt: Number(r.expires_at) };
  },
});

export const sessionWrites = (db: SqlConn): OpsSessionWrites => ({
  async insertOpsSession(row: OpsSessionRow) {
    await db.run('INSERT INTO ops_sessions (id_hash, csrf, created_at, expires_at) VALUES (?, ?, ?, ?)', [
      row.idHash,
      row.csrf,
      row.createdAt,
      row.expiresAt,
    ]);
  },
  async extendOpsSession(idHash, expiresAt) {
    // Never shortens: two instances extending at once keep the later expiry.
    await db.run('UPDATE ops_sessions SET expires_at = ? WHERE id_hash = ? AND expires_at < ?', [
      expiresAt,
      idHash,
      expiresAt,
    ]);
  },
  async deleteOpsSession(idHash) {
    await db.run('DELETE FROM ops_sessions WHERE id_hash = ?', [idHash]);
  },
  sweepOpsSessions: (nowMs) => db.run('DELETE FROM ops_sessions WHERE expires_at <= ?', [nowMs]),
});
