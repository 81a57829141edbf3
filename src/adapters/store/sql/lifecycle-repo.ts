/** Lifecycle records, the certificate archive and the notification outbox over SqlConn. */
import { pageOf } from './page.ts';
import type { LifecycleRow, OutboxMessage, Page, PageQuery } from '../interface.ts';
import type { SqlConn } from './conn.ts';

interface Row {
  customer_id: string;
  record: string;
  version: number;
  wake_at: number | null;
}

const toRow = (r: Row): LifecycleRow => ({
  customerId: r.customer_id,
  record: JSON.parse(r.record) as unknown,
  version: Number(r.version),
  wakeAt: r.wake_at === null ? null : Number(r.wake_at),
});

export const lifecycleScoped = (db: SqlConn, customerId: string) => ({
  async lifecycle(): Promise<LifecycleRow | undefined> {
    const r = await db.get<Row>('SELECT * FROM certificate_records WHERE customer_id = ?', [customerId]);
    return r && toRow(r);
  },
  async saveLifecycle(row: LifecycleRow, expectedVersion: number, at: string): Promise<boolean> {
    const text = JSON.stringify(row.record);
    if (expectedVersion === 0) {
      const inserted = await db.run(
        'INSERT INTO certificate_records (customer_id, record, version, wake_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (customer_id) DO NOTHING',
        [customerId, text, row.version, row.wakeAt, at],
      );
      return inserted > 0;
    }
    const changed = await db.run(
      'UPDATE certificate_records SET record = ?, version = ?, wake_at = ?, updated_at = ? WHERE customer_id = ? AND version = ?',
      [text, row.version, row.wakeAt, at, customerId, expectedVersion],
    );
    return changed > 0;
  },
  async archiveCertificate(
    certificateId: string,
    document: unknown,
    replacedBy: string | null,
    at: string,
  ): Promise<void> {
    await db.run(
      'INSERT INTO certificate_archive (customer_id, certificate_id, document, replaced_by, archived_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [customerId, certificateId, JSON.stringify(document), replacedBy, at],
    );
  },
});

interface OutboxRow {
  id: string;
  type: string;
  customer_id: string | null;
  dedupe_key: string;
  payload: string;
  created_at: string;
}

/** The overview's reads, named for the query-plan test: one aggregate over customers, then records by id. */
export const overviewSql = {
  customerTally:
    'SELECT COUNT(*) AS customers, COUNT(r.customer_id) AS tracked FROM customers c LEFT JOIN certificate_records r ON r.customer_id = c.id',
  lifecycles: (after: boolean): string =>
    `SELECT * FROM certificate_records${after ? ' WHERE customer_id > ?' : ''} ORDER BY customer_id LIMIT ?`,
};

export const lifecycleGlobal = (db: SqlConn) => ({
  async dueLifecycles(nowMs: number, limit: number): Promise<readonly LifecycleRow[]> {
    const rows = await db.all<Row>(
      'SELECT * FROM certificate_records WHERE wake_at IS NOT NULL AND wake_at <= ? ORDER BY wake_at LIMIT ?',
      [nowMs, limit],
    );
    return rows.map(toRow);
  },
  async lifecycles(page: PageQuery): Promise<Page<LifecycleRow>> {
    const rows = await db.all<Row>(
      overviewSql.lifecycles(Boolean(page.after)),
      page.after ? [page.after, page.limit + 1] : [page.limit + 1],
    );
    return pageOf(rows, page, toRow, (r) => r.customerId);
  },
  async customerTally(): Promise<{ customers: number; untracked: number }> {
    const r = await db.get<{ customers: number | string; tracked: number | string }>(overviewSql.customerTally);
    const customers = Number(r?.customers ?? 0);
    return { customers, untracked: customers - Number(r?.tracked ?? 0) };
  },
  async nextWake(): Promise<number | null> {
    const r = await db.get<{ w: number | null }>('SELECT MIN(wake_at) AS w FROM certificate_records');
    return r?.w === null || r?.w === undefined ? null : Number(r.w);
  },
  async pendingNotifications(limit: number): Promise<readonly OutboxMessage[]> {
    const rows = await db.all<OutboxRow>(
      'SELECT * FROM notification_outbox WHERE delivered_at IS NULL ORDER BY id LIMIT ?',
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      customerId: r.customer_id,
      dedupeKey: r.dedupe_key,
      payload: JSON.parse(r.payload) as unknown,
      createdAt: r.created_at,
    }));
  },
  async enqueueNotification(m: OutboxMessage): Promise<boolean> {
    const changed = await db.run(
      'INSERT INTO notification_outbox (id, type, customer_id, dedupe_key, payload, created_at, delivered_at) VALUES (?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (dedupe_key) DO NOTHING',
      [m.id, m.type, m.customerId, m.dedupeKey, JSON.stringify(m.payload), m.createdAt],
    );
    return changed > 0;
  },
});
