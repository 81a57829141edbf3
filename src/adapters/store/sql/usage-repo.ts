/** The hourly usage aggregates over SqlConn: additive upserts, so concurrent flushes never lose counts. */
import { LATENCY_BUCKETS } from '../../../domain/usage/histogram.ts';
import type { UsageCell } from '../../../domain/usage/types.ts';
import type { UsageReads, UsageWrites } from '../ports/usage.ts';
import type { SqlConn } from './conn.ts';

const BUCKETS = Array.from({ length: LATENCY_BUCKETS }, (_, k) => `b${String(k).padStart(2, '0')}`);
const COUNTS = ['requests', 'client_errors', 'server_errors', ...BUCKETS];
const UPSERT =
  `INSERT INTO usage_hourly (customer_id, hour, kind, ${COUNTS.join(', ')}) VALUES (?, ?, ?, ${COUNTS.map(() => '?').join(', ')}) ` +
  `ON CONFLICT (customer_id, hour, kind) DO UPDATE SET ${COUNTS.map((c) => `${c} = usage_hourly.${c} + excluded.${c}`).join(', ')}`;

type Row = { customer_id: string; hour: string; kind: string } & Record<string, number | string>;

const toCell = (r: Row): UsageCell => ({
  customerId: r.customer_id,
  hour: r.hour,
  kind: r.kind,
  requests: Number(r['requests']),
  clientErrors: Number(r['client_errors']),
  serverErrors: Number(r['server_errors']),
  buckets: BUCKETS.map((b) => Number(r[b])),
});

export const usageReads = (db: SqlConn): UsageReads => ({
  async usageCells(customerId, fromHour, toHour) {
    const rows = await db.all<Row>(
      'SELECT * FROM usage_hourly WHERE customer_id = ? AND hour >= ? AND hour < ? ORDER BY hour, kind',
      [customerId, fromHour, toHour],
    );
    return rows.map(toCell);
  },
  async receiptCountsByKind(customerId, fromIso, toIso) {
    const rows = await db.all<{ kind: string; n: number | string }>(
      'SELECT kind, COUNT(*) AS n FROM receipts WHERE customer_id = ? AND issued_at >= ? AND issued_at < ? GROUP BY kind',
      [customerId, fromIso, toIso],
    );
    return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
  },
});

export const usageWrites = (db: SqlConn): UsageWrites => ({
  async addUsage(cells) {
    for (const c of cells) {
      await db.run(UPSERT, [
        c.customerId,
        c.hour,
        c.kind,
        c.requests,
        c.clientErrors,
        c.serverErrors,
        ...BUCKETS.map((_, k) => c.buckets[k] ?? 0),
      ]);
    }
  },
});
