/** Receipt logs, tree nodes and checkpoints for one customer, over SqlConn. */
import type { CheckpointRow, ReceiptLogHead, ReceiptQuery, StoredReceipt, TreeNode } from '../interface.ts';
import type { SqlConn } from './conn.ts';
import { filtered } from './filter.ts';

interface ReceiptRow {
  customer_id: string;
  log_index: number;
  id: string;
  kind: string;
  issued_at: string;
  body: string;
  signature: string;
  leaf_hash: string;
}

const toReceipt = (r: ReceiptRow): StoredReceipt => ({
  customerId: r.customer_id,
  logIndex: Number(r.log_index),
  id: r.id,
  kind: r.kind,
  issuedAt: r.issued_at,
  body: r.body,
  signature: r.signature,
  leafHash: r.leaf_hash,
});

interface CheckpointDbRow {
  tree_size: number;
  root_hash: string;
  note: string;
  created_at: string;
}
const toCheckpoint = (r: CheckpointDbRow): CheckpointRow => ({
  treeSize: Number(r.tree_size),
  rootHash: r.root_hash,
  note: r.note,
  createdAt: r.created_at,
});

/** Proofs need O(log n) nodes; they are fetched in modest batches, each one statement. */
const batchesOf = function* <T>(items: readonly T[], size = 50): Generator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
};

export const ledgerReads = (db: SqlConn, customerId: string) => ({
  async receiptHead(): Promise<ReceiptLogHead | undefined> {
    const r = await db.get<{
      size: number;
      frontier: string;
      last_leaf_hash: string;
      last_receipt_id: string | null;
      updated_at: string;
    }>('SELECT size, frontier, last_leaf_hash, last_receipt_id, updated_at FROM receipt_logs WHERE customer_id = ?', [
      customerId,
    ]);
    return (
      r && {
        size: Number(r.size),
        frontier: JSON.parse(r.frontier) as string[],
        lastLeafHash: r.last_leaf_hash,
        last: r.last_receipt_id === null ? null : { id: r.last_receipt_id, issuedAt: r.updated_at },
      }
    );
  },
  async receipts(q: ReceiptQuery): Promise<readonly StoredReceipt[]> {
    const { sql, params } = filtered(
      'customer_id = ?',
      [customerId],
      [
        ['log_index > ?', q.afterIndex],
        ['kind = ?', q.kind],
        ['issued_at >= ?', q.from],
        ['issued_at < ?', q.to],
      ],
    );
    const rows = await db.all<ReceiptRow>(`SELECT * FROM receipts WHERE ${sql} ORDER BY log_index LIMIT ?`, [
      ...params,
      q.limit,
    ]);
    return rows.map(toReceipt);
  },
  async receiptById(id: string): Promise<StoredReceipt | undefined> {
    const r = await db.get<ReceiptRow>('SELECT * FROM receipts WHERE customer_id = ? AND id = ?', [customerId, id]);
    return r && toReceipt(r);
  },
  async receiptRange(begin: number, end: number): Promise<readonly StoredReceipt[]> {
    const rows = await db.all<ReceiptRow>(
      'SELECT * FROM receipts WHERE customer_id = ? AND log_index >= ? AND log_index < ? ORDER BY log_index',
      [customerId, begin, end],
    );
    return rows.map(toReceipt);
  },
  async treeNodes(ids: readonly { level: number; index: number }[]): Promise<readonly TreeNode[]> {
    const out: TreeNode[] = [];
    // Level 0 is each receipt's own leaf hash (see appendReceipt); higher levels are stored nodes.
    for (const chunk of batchesOf(ids.filter((n) => n.level === 0).map((n) => n.index))) {
      const rows = await db.all<{ log_index: number; leaf_hash: string }>(
        `SELECT log_index, leaf_hash FROM receipts WHERE customer_id = ? AND log_index IN (${chunk.map(() => '?').join(', ')})`,
        [customerId, ...chunk],
      );
      for (const r of rows) out.push({ level: 0, index: Number(r.log_index), hash: r.leaf_hash });
    }
    for (const chunk of batchesOf(ids.filter((n) => n.level > 0))) {
      const cond = chunk.map(() => '(level = ? AND idx = ?)').join(' OR ');
      const rows = await db.all<{ level: number; idx: number; hash: string }>(
        `SELECT level, idx, hash FROM receipt_nodes WHERE customer_id = ? AND (${cond})`,
        [customerId, ...chunk.flatMap((n) => [n.level, n.index])],
      );
      for (const r of rows) out.push({ level: Number(r.level), index: Number(r.idx), hash: r.hash });
    }
    return out;
  },
  async latestCheckpoint(): Promise<CheckpointRow | undefined> {
    const r = await db.get<CheckpointDbRow>(
      'SELECT * FROM checkpoints WHERE customer_id = ? ORDER BY tree_size DESC LIMIT 1',
      [customerId],
    );
    return r && toCheckpoint(r);
  },
  async checkpointAt(treeSize: number): Promise<CheckpointRow | undefined> {
    const r = await db.get<CheckpointDbRow>('SELECT * FROM checkpoints WHERE customer_id = ? AND tree_size = ?', [
      customerId,
      treeSize,
    ]);
    return r && toCheckpoint(r);
  },
});

export const ledgerWrites = (db: SqlConn, customerId: string) => ({
  async appendReceipt(r: StoredReceipt, nodes: readonly TreeNode[], head: Omit<ReceiptLogHead, 'last'>): Promise<void> {
    await db.run(
      'INSERT INTO receipts (customer_id, log_index, id, kind, issued_at, body, signature, leaf_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [customerId, r.logIndex, r.id, r.kind, r.issuedAt, r.body, r.signature, r.leafHash],
    );
    for (const n of nodes) {
      // A level-0 node is this receipt's leaf hash, already in its row: stored once, read from there.
      // (Logs written before 2026-11-25 also have their level-0 nodes in receipt_nodes; nothing reads them.)
      if (n.level === 0) {
        if (n.index !== r.logIndex || n.hash !== r.leafHash) throw new Error('a level-0 node must be the receipt leaf');
        continue;
      }
      await db.run('INSERT INTO receipt_nodes (customer_id, level, idx, hash) VALUES (?, ?, ?, ?)', [
        customerId,
        n.level,
        n.index,
        n.hash,
      ]);
    }
    const frontier = JSON.stringify(head.frontier);
    const changed = await db.run(
      'UPDATE receipt_logs SET size = ?, frontier = ?, last_leaf_hash = ?, last_receipt_id = ?, updated_at = ? WHERE customer_id = ? AND size = ?',
      [head.size, frontier, head.lastLeafHash, r.id, r.issuedAt, customerId, head.size - 1],
    );
    if (changed === 0) {
      if (head.size !== 1) throw new Error(`receipt log head of ${customerId} moved underneath this append`);
      await db.run(
        'INSERT INTO receipt_logs (customer_id, size, frontier, last_leaf_hash, last_receipt_id, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
        [customerId, head.size, frontier, head.lastLeafHash, r.id, r.issuedAt],
      );
    }
  },
  async insertCheckpoint(cp: CheckpointRow): Promise<void> {
    await db.run(
      'INSERT INTO checkpoints (customer_id, tree_size, root_hash, note, created_at) VALUES (?, ?, ?, ?, ?)',
      [customerId, cp.treeSize, cp.rootHash, cp.note, cp.createdAt],
    );
  },
});
