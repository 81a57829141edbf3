/**
 * The full check of a run of stored receipt rows of one log, as a backup verification makes it: each
 * receipt as `tai verify` checks it (shape, signature under its key, log index, customer, previousHash
 * chain), and its row against it (id, kind, time, and the stored leaf hash, which proofs are built from).
 * Runs on worker threads; the chain seam between runs is checked by whoever holds the leaf before.
 */
import { checkReceiptRange, type EntryFailure } from '../receipts/bundle-range.ts';
import { toHex } from '../receipts/encoding.ts';
import type { PublicReceiptKey } from '../receipts/keys.ts';
import { HASH_SIZE } from '../receipts/merkle.ts';
import type { Row } from './rows.ts';

/** Where each needed value sits in a receipts row. */
export interface ReceiptColumns {
  readonly id: number;
  readonly kind: number;
  readonly issuedAt: number;
  readonly body: number;
  readonly signature: number;
  readonly leafHash: number;
}

export interface StoredReceiptJob {
  readonly customerId: string;
  /** Log index of the first row. */
  readonly start: number;
  readonly rows: readonly Row[];
  readonly columns: ReceiptColumns;
}

export interface StoredReceiptVerdict {
  readonly failure: EntryFailure | null;
  /** previousHash of the first receipt, for the seam with the run before. */
  readonly firstPreviousHash: string | null;
}

export const checkStoredReceipts = (
  job: StoredReceiptJob,
  keys: ReadonlyMap<string, PublicReceiptKey>,
): StoredReceiptVerdict => {
  const { rows, columns: c, start } = job;
  const receipts: unknown[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    try {
      receipts.push({ body: JSON.parse(String(row[c.body])) as unknown, signature: row[c.signature] });
    } catch {
      return {
        failure: { index: start + i, receiptId: String(row[c.id]), reason: 'the stored body is not JSON' },
        firstPreviousHash: null,
      };
    }
  }
  const range = checkReceiptRange(receipts, start, keys, job.customerId);
  if (range.failure !== null) return { failure: range.failure, firstPreviousHash: range.firstPreviousHash };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    const body = (receipts[i] as { body: { id: string; kind: string; issuedAt: string } }).body;
    const bad = (reason: string): StoredReceiptVerdict => ({
      failure: { index: start + i, receiptId: body.id, reason },
      firstPreviousHash: range.firstPreviousHash,
    });
    if (row[c.id] !== body.id || row[c.kind] !== body.kind || row[c.issuedAt] !== body.issuedAt)
      return bad('the row id, kind or issued_at is not what the signed body says');
    if (row[c.leafHash] !== toHex(range.leafHashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE)))
      return bad('the stored leaf hash is not the hash of the signed receipt');
  }
  return { failure: null, firstPreviousHash: range.firstPreviousHash };
};
