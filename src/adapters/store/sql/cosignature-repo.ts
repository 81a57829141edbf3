/** Checkpoint cosignatures of one customer's log, over SqlConn. */
import type { CosignatureReads, CosignatureRow, CosignatureWrites } from '../ports/cosignatures.ts';
import type { SqlConn } from './conn.ts';

interface Row {
  tree_size: number;
  witness: string;
  cosigned_at: number | string;
  line: string;
  recorded_at: string;
}

const toRow = (r: Row): CosignatureRow => ({
  treeSize: Number(r.tree_size),
  witness: r.witness,
  cosignedAt: Number(r.cosigned_at),
  line: r.line,
  recordedAt: r.recorded_at,
});

const num = (v: number | string | null | undefined): number | undefined =>
  v === null || v === undefined ? undefined : Number(v);

export const cosignatureReads = (db: SqlConn, customerId: string): CosignatureReads => ({
  async cosignaturesAt(treeSize) {
    const rows = await db.all<Row>(
      'SELECT * FROM checkpoint_cosignatures WHERE customer_id = ? AND tree_size = ? ORDER BY cosigned_at, witness',
      [customerId, treeSize],
    );
    return rows.map(toRow);
  },
  async latestCosigned() {
    const r = await db.get<{ s: number | null; t: number | string | null }>(
      'SELECT MAX(tree_size) AS s, MAX(cosigned_at) AS t FROM checkpoint_cosignatures WHERE customer_id = ?',
      [customerId],
    );
    const s = num(r?.s);
    const t = num(r?.t);
    return s === undefined || t === undefined ? undefined : { treeSize: s, newestAt: t };
  },
  async lastCosignedBy(witness) {
    const r = await db.get<{ s: number | null }>(
      'SELECT MAX(tree_size) AS s FROM checkpoint_cosignatures WHERE customer_id = ? AND witness = ?',
      [customerId, witness],
    );
    return num(r?.s);
  },
  async firstCosignedFrom(size) {
    const r = await db.get<{ s: number | null }>(
      'SELECT MIN(tree_size) AS s FROM checkpoint_cosignatures WHERE customer_id = ? AND tree_size >= ?',
      [customerId, size],
    );
    return num(r?.s);
  },
});

export const cosignatureWrites = (db: SqlConn, customerId: string): CosignatureWrites => ({
  async insertCosignature(row) {
    await db.run(
      'INSERT INTO checkpoint_cosignatures (customer_id, tree_size, witness, cosigned_at, line, recorded_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [customerId, row.treeSize, row.witness, row.cosignedAt, row.line, row.recordedAt],
    );
  },
});
