/** Idempotency records of one customer over SqlConn. */
import type { IdempotencyRecord } from '../interface.ts';
import type { SqlConn } from './conn.ts';

interface Row {
  key: string;
  fingerprint: string;
  state: 'in_flight' | 'done';
  status_code: number | null;
  response: string | null;
  created_at: string;
  expires_at: string;
  owner: string | null;
}

export const idempotencyRepo = (db: SqlConn, customerId: string) => ({
  async claimIdempotencyKey(r: IdempotencyRecord): Promise<boolean> {
    const changed = await db.run(
      `INSERT INTO idempotency_keys (customer_id, key, fingerprint, state, status_code, response, created_at, expires_at, owner)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (customer_id, key) DO NOTHING`,
      [customerId, r.key, r.fingerprint, r.state, r.statusCode, r.response, r.createdAt, r.expiresAt, r.owner ?? null],
    );
    return changed > 0;
  },
  async idempotencyKey(key: string): Promise<IdempotencyRecord | undefined> {
    const r = await db.get<Row>('SELECT * FROM idempotency_keys WHERE customer_id = ? AND key = ?', [customerId, key]);
    return (
      r && {
        key: r.key,
        fingerprint: r.fingerprint,
        state: r.state,
        statusCode: r.status_code === null ? null : Number(r.status_code),
        response: r.response,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        owner: r.owner,
      }
    );
  },
  async completeIdempotencyKey(
    key: string,
    statusCode: number,
    response: string,
    owner: string | null = null,
  ): Promise<boolean> {
    // Compare-and-set on the owner: a claim released as orphaned (and maybe claimed again) is not ours to complete.
    const changed = await db.run(
      `UPDATE idempotency_keys SET state = 'done', status_code = ?, response = ?, owner = NULL
        WHERE customer_id = ? AND key = ? AND state = 'in_flight' AND ${owner === null ? 'owner IS NULL' : 'owner = ?'}`,
      owner === null ? [statusCode, response, customerId, key] : [statusCode, response, customerId, key, owner],
    );
    return changed > 0;
  },
  async releaseIdempotencyKey(key: string): Promise<void> {
    await db.run('DELETE FROM idempotency_keys WHERE customer_id = ? AND key = ?', [customerId, key]);
  },
});

export const idempotencyGlobal = (db: SqlConn) => ({
  async deleteExpiredIdempotencyKeys(atOrBefore: string, limit: number): Promise<number> {
    // Oldest first, a bounded batch per call (the expiry index serves the inner query).
    return db.run(
      `DELETE FROM idempotency_keys WHERE (customer_id, key) IN
         (SELECT customer_id, key FROM idempotency_keys WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)`,
      [atOrBefore, limit],
    );
  },
});
