/**
 * The per-receipt part of bundle verification, over one contiguous range so it can run in parallel
 * (one range per core). Per receipt, in order: shape, key, signature, logIndex, customer, chain. The
 * work per receipt is one canonicalization, one UTF-8 encoding, one Ed25519 verify and one SHA-256.
 */
import { hash } from 'node:crypto';
import { verifyBytes } from './keys.ts';
import type { PublicReceiptKey } from './keys.ts';
import { HASH_SIZE } from './merkle.ts';
import { bodyProblem, canonicalBodyText, GENESIS_PREVIOUS_HASH } from './receipt-format.ts';
import type { ReceiptBody } from './receipt-format.ts';

export interface EntryFailure {
  readonly index: number;
  readonly receiptId: string | null;
  readonly reason: string;
}

export interface RangeCheck {
  readonly start: number;
  /** Leaf hashes of the receipts checked before the first failure, 32 bytes each, in order. */
  readonly leafHashes: Uint8Array;
  /** previousHash and id of the range's first receipt, checked by whoever holds the leaf before it. */
  readonly firstPreviousHash: string | null;
  readonly firstReceiptId: string | null;
  readonly failure: EntryFailure | null;
}

const idOf = (value: unknown): string | null => {
  const body = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['body'] : null;
  const id = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['id'] : null;
  return typeof id === 'string' ? id.slice(0, 64) : null;
};

const CHAIN_BROKEN =
  'previousHash is not the leaf hash of the previous receipt (one was removed, inserted or reordered)';
const ENTRY_MEMBERS = ['body', 'signature'];
// The leaf-hash preimage is "\0" + `{"body":` + canonical body + `,"signature":"` + sig + `"}`, all
// encoded at once; the signed bytes are a view into it.
const HEAD = '\u0000{"body":';
const HEAD_BYTES = 9;
// Canonical unpadded base64url of 64 bytes: the last character carries 2 bits and 4 zero bits.
const SIGNATURE = /^[A-Za-z0-9_-]{85}[AQgw]$/;
// Each preimage is encoded into one reused buffer (UTF-8 needs at most 3 bytes per UTF-16 unit);
// verify() and hash() read it synchronously.
let scratch = Buffer.allocUnsafe(1 << 16);

const HEX = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** Whether `hex` is the lowercase hex of the 32 bytes at `offset`, without building a string. */
const hexEquals = (hex: string, bytes: Uint8Array, offset: number): boolean => {
  if (hex.length !== 2 * HASH_SIZE) return false;
  for (let j = 0; j < HASH_SIZE; j++) {
    const v = bytes[offset + j] ?? 0;
    if (hex.charCodeAt(2 * j) !== HEX[v >> 4] || hex.charCodeAt(2 * j + 1) !== HEX[v & 15]) return false;
  }
  return true;
};

export const checkReceiptRange = (
  receipts: readonly unknown[],
  start: number,
  keys: ReadonlyMap<string, PublicReceiptKey>,
  customerId: string,
  onProgress?: (done: number) => void,
): RangeCheck => {
  const leafHashes = new Uint8Array(receipts.length * HASH_SIZE);
  let firstPreviousHash: string | null = null;
  const firstReceiptId = idOf(receipts[0]);
  const fail = (i: number, reason: string): RangeCheck => ({
    start,
    leafHashes: leafHashes.subarray(0, i * HASH_SIZE),
    firstPreviousHash,
    firstReceiptId,
    failure: { index: start + i, receiptId: idOf(receipts[i]), reason },
  });

  for (let i = 0; i < receipts.length; i++) {
    if (onProgress !== undefined && i % 1024 === 1023) onProgress(i + 1);
    const entry = receipts[i];
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      return fail(i, 'the receipt is not an object');
    const keysOfEntry = Object.keys(entry);
    if (keysOfEntry.length !== 2 || !ENTRY_MEMBERS.every((m) => keysOfEntry.includes(m))) {
      return fail(i, 'a receipt has exactly the members body and signature');
    }
    const { body, signature } = entry as { body: unknown; signature: unknown };
    const problem = bodyProblem(body);
    if (problem !== null) return fail(i, `malformed body at ${problem.path}: ${problem.reason}`);
    const b = body as ReceiptBody;
    if (typeof signature !== 'string' || !SIGNATURE.test(signature))
      return fail(i, 'the signature is not base64url of 64 bytes');
    const sig = Buffer.from(signature, 'base64url');
    const key = keys.get(b.keyId);
    if (key === undefined) return fail(i, `signed by key ${b.keyId}, which is not in the bundle's keys`);

    const tail = `,"signature":"${signature}"}`;
    const text = HEAD + canonicalBodyText(b) + tail;
    if (3 * text.length > scratch.length) scratch = Buffer.allocUnsafe(3 * text.length);
    const preimage = scratch.subarray(0, scratch.write(text, 0, 'utf8'));
    const signed = preimage.subarray(HEAD_BYTES, preimage.length - tail.length);
    if (!verifyBytes(key, signed, sig)) return fail(i, `the signature does not verify under key ${b.keyId}`);

    if (b.logIndex !== start + i) return fail(i, `logIndex is ${b.logIndex}, expected ${start + i}`);
    if (b.customerId !== customerId)
      return fail(i, `customerId is ${b.customerId}, but this is the log of ${customerId}`);
    if (i === 0) firstPreviousHash = b.previousHash;
    const linked =
      i > 0
        ? hexEquals(b.previousHash, leafHashes, (i - 1) * HASH_SIZE)
        : start > 0 || b.previousHash === GENESIS_PREVIOUS_HASH;
    if (!linked) {
      return fail(i, CHAIN_BROKEN);
    }
    const leaf = hash('sha256', preimage, 'buffer');
    leafHashes.set(leaf, i * HASH_SIZE);
  }
  onProgress?.(receipts.length);
  return { start, leafHashes, firstPreviousHash, firstReceiptId, failure: null };
};

/**
 * Joins range checks (in order) into the first failure over the whole log, checking each range's
 * first previousHash against the last leaf of the range before it. Leaf hashes come back contiguous.
 */
export const mergeRanges = (
  ranges: readonly RangeCheck[],
): { leafHashes: Uint8Array; failure: EntryFailure | null } => {
  const total = ranges.reduce((n, r) => n + r.leafHashes.length, 0);
  const leafHashes = ranges.length === 1 && ranges[0] !== undefined ? ranges[0].leafHashes : new Uint8Array(total);
  let filled = 0;
  for (const r of ranges) {
    if (
      r.start > 0 &&
      filled > 0 &&
      r.firstPreviousHash !== null &&
      !hexEquals(r.firstPreviousHash, leafHashes, filled - HASH_SIZE)
    ) {
      return {
        leafHashes: leafHashes.subarray(0, filled),
        failure: { index: r.start, receiptId: r.firstReceiptId, reason: CHAIN_BROKEN },
      };
    }
    if (leafHashes !== r.leafHashes) leafHashes.set(r.leafHashes, filled);
    filled += r.leafHashes.length;
    if (r.failure !== null) return { leafHashes: leafHashes.subarray(0, filled), failure: r.failure };
  }
  return { leafHashes, failure: null };
};
