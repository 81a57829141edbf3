/**
 * The per-receipt part of bundle verification, over one contiguous range so it can run in parallel
 * (one range per core). Per receipt, in order: shape, key, signature, logIndex, customer, chain. The
 * work per receipt is one canonicalization, one UTF-8 encoding, one Ed25519 verify and one SHA-256.
 */
import { hash } from 'node:crypto';
import { keyEndMs } from './key-lifecycle.ts';
import type { KeyLifecycle } from './key-lifecycle.ts';
import { verifyBytes } from './keys.ts';
import type { PublicReceiptKey } from './keys.ts';
import { HASH_SIZE } from './merkle.ts';
import { bodyProblem, canonicalBodyText, GENESIS_PREVIOUS_HASH, RECEIPT_CONTEXT } from './receipt-format.ts';
import type { ReceiptBody } from './receipt-format.ts';

export interface EntryFailure {
  readonly index: number;
  readonly receiptId: string | null;
  readonly reason: string;
}

/** What the ordering rules compare between neighbours: format 2 ids rise and issuedAt never falls. */
export interface OrderMark {
  readonly id: string;
  readonly issuedAt: string;
  readonly v2: boolean;
}

/**
 * The signature check of one receipt: its key, the signed bytes and the 64-byte signature, both views of
 * buffers reused for the next receipt (read them before returning). verifyBytes by default; `tai verify`
 * passes one that hands the verify to other threads and answers true at once, and trusts the range's
 * result only once every signature it was given has verified (src/edges/cli/verify/offload.ts).
 */
export type SignatureCheck = (key: PublicReceiptKey, signed: Uint8Array, signature: Uint8Array) => boolean;

/** A key as the range check needs it: its lifecycle, when the bundle states one. */
export type RangeKey = PublicReceiptKey & { readonly lifecycle?: KeyLifecycle };

export interface RangeCheck {
  readonly start: number;
  /** The first and last receipt checked, for the ordering rules across range seams. */
  readonly first: OrderMark | null;
  readonly last: OrderMark | null;
  /** The highest log index each key signed, in this range. */
  readonly lastIndexByKid: Readonly<Record<string, number>>;
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
let message = Buffer.allocUnsafe(1 << 16);
// The decoded signature, likewise reused (SIGNATURE fixes it to 64 bytes).
const sig = Buffer.allocUnsafe(64);
const CONTEXT_BYTES = Buffer.byteLength(RECEIPT_CONTEXT);
message.write(RECEIPT_CONTEXT, 0, 'utf8');

/** Why `b` may not follow `a` in a log, or null. Format 1 receipts keep format 1's rules. */
const orderProblem = (a: OrderMark, b: OrderMark): string | null => {
  if (a.v2 && !b.v2) return 'a format 1 receipt follows a format 2 one';
  if (!b.v2) return null;
  if (b.issuedAt < a.issuedAt) return `issuedAt ${b.issuedAt} is before the previous receipt's ${a.issuedAt}`;
  if (a.v2 && b.id <= a.id) return `id ${b.id} does not rise above the previous receipt's ${a.id}`;
  return null;
};

/** createdAt and end of each key as instants, compared as strings (one fixed format). */
const windowsOf = (keys: ReadonlyMap<string, RangeKey>): Map<string, { from: string; to: string | null }> =>
  new Map(
    [...keys.values()].flatMap((k) => {
      if (k.lifecycle === undefined) return [];
      const end = keyEndMs(k.lifecycle);
      return [[k.kid, { from: k.lifecycle.createdAt, to: end === null ? null : new Date(end).toISOString() }]];
    }),
  );

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
  keys: ReadonlyMap<string, RangeKey>,
  customerId: string,
  onProgress?: (done: number) => void,
  verifySignature: SignatureCheck = verifyBytes,
): RangeCheck => {
  const leafHashes = new Uint8Array(receipts.length * HASH_SIZE);
  const leafBytes = Buffer.from(leafHashes.buffer, leafHashes.byteOffset, leafHashes.byteLength);
  let firstPreviousHash: string | null = null;
  const firstReceiptId = idOf(receipts[0]);
  const windows = windowsOf(keys);
  const lastIndexByKid: Record<string, number> = {};
  let first: OrderMark | null = null;
  let last: OrderMark | null = null;
  const fail = (i: number, reason: string): RangeCheck => ({
    start,
    first,
    last,
    lastIndexByKid,
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
    sig.write(signature, 0, 'base64url');
    const key = keys.get(b.keyId);
    if (key === undefined) return fail(i, `signed by key ${b.keyId}, which is not in the bundle's keys`);

    const tail = `,"signature":"${signature}"}`;
    const text = HEAD + canonicalBodyText(b) + tail;
    if (3 * text.length > scratch.length) scratch = Buffer.allocUnsafe(3 * text.length);
    const preimage = scratch.subarray(0, scratch.write(text, 0, 'utf8'));
    let signed = preimage.subarray(HEAD_BYTES, preimage.length - tail.length);
    if (b.format !== undefined) {
      if (CONTEXT_BYTES + signed.length > message.length) {
        message = Buffer.allocUnsafe(2 * (CONTEXT_BYTES + signed.length));
        message.write(RECEIPT_CONTEXT, 0, 'utf8');
      }
      message.set(signed, CONTEXT_BYTES);
      signed = message.subarray(0, CONTEXT_BYTES + signed.length);
    }
    if (!verifySignature(key, signed, sig)) return fail(i, `the signature does not verify under key ${b.keyId}`);
    const window = windows.get(b.keyId);
    if (window !== undefined && b.issuedAt < window.from)
      return fail(i, `issued at ${b.issuedAt}, before key ${b.keyId} was created (${window.from})`);
    if (window?.to != null && b.issuedAt > window.to)
      return fail(i, `issued at ${b.issuedAt}, after key ${b.keyId} stopped counting (${window.to})`);

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
    const mark: OrderMark = { id: b.id, issuedAt: b.issuedAt, v2: b.format !== undefined };
    if (last !== null) {
      const problem = orderProblem(last, mark);
      if (problem !== null) return fail(i, problem);
    }
    first ??= mark;
    last = mark;
    lastIndexByKid[b.keyId] = start + i;
    // As a 'binary' (Latin-1) string (one character a byte, so written back exactly): about 1 µs less than a
    // Buffer, which the digest would allocate for every leaf.
    leafBytes.write(hash('sha256', preimage, 'binary'), i * HASH_SIZE, 'binary');
  }
  onProgress?.(receipts.length);
  return { start, first, last, lastIndexByKid, leafHashes, firstPreviousHash, firstReceiptId, failure: null };
};

/**
 * Joins range checks (in order) into the first failure over the whole log, checking each range's
 * first previousHash against the last leaf of the range before it. Leaf hashes come back contiguous.
 */
export interface MergedRanges {
  readonly leafHashes: Uint8Array;
  readonly failure: EntryFailure | null;
  readonly lastIndexByKid: Readonly<Record<string, number>>;
}

export const mergeRanges = (ranges: readonly RangeCheck[]): MergedRanges => {
  const total = ranges.reduce((n, r) => n + r.leafHashes.length, 0);
  const leafHashes = ranges.length === 1 && ranges[0] !== undefined ? ranges[0].leafHashes : new Uint8Array(total);
  const lastIndexByKid: Record<string, number> = {};
  let filled = 0;
  let previous: OrderMark | null = null;
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
        lastIndexByKid,
      };
    }
    const seam = previous !== null && r.first !== null && filled > 0 ? orderProblem(previous, r.first) : null;
    if (seam !== null)
      return {
        leafHashes: leafHashes.subarray(0, filled),
        failure: { index: r.start, receiptId: r.firstReceiptId, reason: seam },
        lastIndexByKid,
      };
    if (leafHashes !== r.leafHashes) leafHashes.set(r.leafHashes, filled);
    filled += r.leafHashes.length;
    Object.assign(lastIndexByKid, r.lastIndexByKid);
    previous = r.last ?? previous;
    if (r.failure !== null) return { leafHashes: leafHashes.subarray(0, filled), failure: r.failure, lastIndexByKid };
  }
  return { leafHashes, failure: null, lastIndexByKid };
};
