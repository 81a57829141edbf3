/**
 * The data set of the backup benchmark, written straight into a SQLite store (no HTTP, no group commit):
 * `customers` logs of `perCustomer` receipts each, really signed and chained, with their tree nodes, log
 * heads and one signed checkpoint per log, and one audit event per receipt, chained. It is the shape the
 * service leaves (see append-receipt.ts and record-audit.ts), only written in bulk.
 */
import Database from 'better-sqlite3';
import { openSqliteStore } from '../src/adapters/store/sqlite/sqlite-store.ts';
import { AUDIT_GENESIS, chainAuditEvent } from '../src/domain/receipts/audit-chain.ts';
import { logOrigin, signCheckpoint } from '../src/domain/receipts/checkpoint.ts';
import { toHex } from '../src/domain/receipts/encoding.ts';
import { EMPTY_FRONTIER, appendLeaf, frontierRoot } from '../src/domain/receipts/frontier.ts';
import type { SigningKey } from '../src/domain/receipts/keys.ts';
import { GENESIS_PREVIOUS_HASH } from '../src/domain/receipts/receipt-format.ts';
import { buildReceipt, sealReceipt } from '../src/domain/receipts/receipt.ts';
import { canonicalize } from '../src/domain/shared/canonical-json.ts';

const BENCH_ORIGIN = 'bench.example/receipts';
const START = Date.UTC(2026, 0, 1);

export const buildDataSet = async (
  file: string,
  key: SigningKey,
  customers: number,
  perCustomer: number,
  onCustomer: (done: number) => void,
): Promise<void> => {
  await (await openSqliteStore(file)).close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const put = {
    customer: db.prepare('INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?)'),
    receipt: db.prepare(
      'INSERT INTO receipts (customer_id, log_index, id, kind, issued_at, body, signature, leaf_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    node: db.prepare('INSERT INTO receipt_nodes (customer_id, level, idx, hash) VALUES (?, ?, ?, ?)'),
    head: db.prepare(
      'INSERT INTO receipt_logs (customer_id, size, frontier, last_leaf_hash, updated_at) VALUES (?, ?, ?, ?, ?)',
    ),
    checkpoint: db.prepare(
      'INSERT INTO checkpoints (customer_id, tree_size, root_hash, note, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    audit: db.prepare(
      'INSERT INTO audit_events (seq, id, at, type, actor, customer_pseudonym, outcome, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
  };
  let audit = AUDIT_GENESIS;
  let nowMs = START;
  for (let c = 0; c < customers; c++) {
    const customerId = `cus_01bench${String(c).padStart(19, '0')}`;
    db.transaction(() => {
      const at = new Date(nowMs).toISOString();
      put.customer.run(customerId, `Bench ${c}`, 'ops@example.com', 'pilot', at, at);
      let frontier = EMPTY_FRONTIER;
      let previousHash = GENESIS_PREVIOUS_HASH;
      let issuedAt = at;
      for (let i = 0; i < perCustomer; i++) {
        nowMs += 7;
        const body = buildReceipt({
          customerId,
          logIndex: i,
          kind: 'quote',
          mode: 'pilot',
          authority: 'advisory',
          nowMs,
          request: { sku: 'seat', quantity: i },
          result: { total: `${i}.00` },
          contractReference: null,
          insurance: null,
          disclaimer: 'Advisory quote: not a contractual offer.',
          previousHash,
          keyId: key.kid,
        });
        const sealed = sealReceipt(body, key);
        const leaf = toHex(sealed.leafHash);
        put.receipt.run(
          customerId,
          i,
          body.id,
          body.kind,
          body.issuedAt,
          sealed.canonicalBody,
          sealed.receipt.signature,
          leaf,
        );
        const next = appendLeaf(frontier, sealed.leafHash);
        for (const n of next.completed) if (n.level > 0) put.node.run(customerId, n.level, n.index, toHex(n.hash));
        frontier = next.frontier;
        previousHash = leaf;
        issuedAt = body.issuedAt;
        const event = chainAuditEvent(audit, {
          nowMs,
          type: 'pricing.quote',
          actor: 'key_01bench',
          customerPseudonym: null,
          outcome: 'success',
          details: { receiptId: body.id },
        });
        put.audit.run(
          event.seq,
          event.id,
          event.at,
          event.type,
          event.actor,
          null,
          event.outcome,
          canonicalize(event.details),
          event.prevHash,
          event.hash,
        );
        audit = { seq: event.seq, hash: event.hash };
      }
      const root = frontierRoot(frontier);
      put.head.run(customerId, frontier.size, JSON.stringify(frontier.hashes.map(toHex)), previousHash, issuedAt);
      const note = signCheckpoint(
        { origin: logOrigin(customerId, BENCH_ORIGIN), treeSize: frontier.size, rootHash: root },
        key,
      );
      put.checkpoint.run(customerId, frontier.size, toHex(root), note, issuedAt);
    })();
    onCustomer(c + 1);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
};
