/**
 * Issuing and checking receipts. Signed bytes: RFC 8785 of the body. Signature: Ed25519, base64url.
 * Merkle leaf: RFC 8785 of {body, signature}, i.e. `{"body":<signed bytes>,"signature":"<sig>"}`, and
 * its leaf hash SHA-256(0x00 || leaf) is what the next receipt's previousHash names.
 */
import { createHash } from 'node:crypto';
import type { Authority, Mode } from '../customer/types.ts';
import { DomainError } from '../errors/domain-error.ts';
import type { InsuranceStamp } from '../insurance/certificate.ts';
import { canonicalBytes, canonicalize } from '../shared/canonical-json.ts';
import { isoOf } from '../shared/clock.ts';
import { newId } from '../shared/ids.ts';
import { fromBase64Url, toBase64Url, toHex } from './encoding.ts';
import { signBytes, verifyBytes } from './keys.ts';
import type { PublicReceiptKey, SigningKey } from './keys.ts';
import { leafHash } from './merkle.ts';
import { bodyProblem, RECEIPT_CONTEXT, RECEIPT_FORMAT_2 } from './receipt-format.ts';
import type { ReceiptBody, ReceiptKind, SignedReceipt } from './receipt-format.ts';

export interface ReceiptInput {
  /** Minted from nowMs when absent. */
  readonly id?: string;
  readonly customerId: string;
  readonly logIndex: number;
  readonly kind: ReceiptKind;
  readonly mode: Mode;
  readonly authority: Authority;
  readonly nowMs: number;
  /** Any JSON value; only its SHA-256 is kept. */
  readonly request: unknown;
  readonly result: unknown;
  readonly contractReference: string | null;
  readonly insurance: InsuranceStamp | null;
  readonly disclaimer: string | null;
  readonly previousHash: string;
  readonly keyId: string;
  /** 2 (the default) signs under the context prefix; 1 only to make format-1 material in tests. */
  readonly format?: 1 | 2;
}

/** Lowercase hex SHA-256 of the RFC 8785 bytes of a JSON value. */
export const digestOf = (value: unknown): string => createHash('sha256').update(canonicalBytes(value)).digest('hex');

/**
 * Format 2 writes expiresAt in the one instant form (an insurer may send `2027-01-01T00:00:00Z`); a
 * value Date.parse cannot read is left for bodyProblem to refuse.
 */
const instantOf = (s: string, format: 1 | 2 | undefined): string => {
  const ms = Date.parse(s);
  return format === 1 || Number.isNaN(ms) ? s : isoOf(ms);
};

/** A format-1 body (tests make them, to check that old logs stay verifiable). */
const withoutFormat = (body: ReceiptBody): ReceiptBody => {
  const { format, ...v1 } = body;
  void format;
  return v1;
};

export const buildReceipt = (input: ReceiptInput): ReceiptBody => {
  if (!Number.isSafeInteger(input.nowMs) || input.nowMs < 0) {
    throw new DomainError('TAI-RECEIPT-INVALID', { path: '/issuedAt', detail: `nowMs ${input.nowMs}` });
  }
  const s = input.insurance;
  // One object literal of a fixed shape: a spread in front of the members made every receipt body a
  // slow-mode object (three times the cost of building it, and slower to read in every later step).
  const v2: ReceiptBody = {
    format: RECEIPT_FORMAT_2,
    id: input.id ?? newId('rcpt', input.nowMs),
    customerId: input.customerId,
    logIndex: input.logIndex,
    kind: input.kind,
    mode: input.mode,
    authority: input.authority,
    issuedAt: isoOf(input.nowMs),
    requestDigest: digestOf(input.request),
    resultDigest: digestOf(input.result),
    contractReference: input.contractReference,
    insurance:
      s === null
        ? null
        : {
            certificateId: s.certificateId,
            policyNumber: s.policyNumber,
            insurer: s.insurer,
            expiresAt: instantOf(s.expiresAt, input.format),
          },
    disclaimer: input.disclaimer,
    previousHash: input.previousHash,
    keyId: input.keyId,
  };
  const body: ReceiptBody = input.format === 1 ? withoutFormat(v2) : v2;
  const problem = bodyProblem(body);
  if (problem !== null) throw new DomainError('TAI-RECEIPT-INVALID', { path: problem.path, detail: problem.reason });
  return body;
};

/** RFC 8785 of {body, signature}, built from the already canonical body text (the member order is fixed). */
const leafTextOf = (canonicalBody: string, signature: string): string =>
  `{"body":${canonicalBody},"signature":${canonicalize(signature)}}`;

/** What the signature covers, given the canonical body: format 2 puts the context in front. */
const messageOf = (body: ReceiptBody, canonicalBody: string): Buffer =>
  Buffer.from(body.format === undefined ? canonicalBody : RECEIPT_CONTEXT + canonicalBody, 'utf8');

/** The bytes the signature covers. */
export const signedBytesOf = (body: ReceiptBody): Uint8Array => messageOf(body, canonicalize(body));

/** Signs the body's canonical text, which it returns beside the signature. */
const signCanonical = (body: ReceiptBody, key: SigningKey): { canonicalBody: string; signature: string } => {
  if (body.keyId !== key.kid)
    throw new DomainError('TAI-RECEIPT-INVALID', {
      path: '/keyId',
      detail: `body names ${body.keyId}, key is ${key.kid}`,
    });
  const canonicalBody = canonicalize(body);
  return { canonicalBody, signature: toBase64Url(signBytes(key, messageOf(body, canonicalBody))) };
};

export const signReceipt = (body: ReceiptBody, key: SigningKey): SignedReceipt => ({
  body,
  signature: signCanonical(body, key).signature,
});

/**
 * Signs a body and computes its leaf hash from one canonical serialization, which it also returns (what a
 * log stores): the same bytes as signReceipt, receiptLeafHash and canonicalize, for a third of the work.
 */
export const sealReceipt = (
  body: ReceiptBody,
  key: SigningKey,
): { readonly receipt: SignedReceipt; readonly canonicalBody: string; readonly leafHash: Uint8Array } => {
  const { canonicalBody, signature } = signCanonical(body, key);
  return {
    receipt: { body, signature },
    canonicalBody,
    leafHash: leafHash(Buffer.from(leafTextOf(canonicalBody, signature), 'utf8')),
  };
};

/** Signature check only: the key must be the one the body names. */
export const verifyReceiptSignature = (receipt: SignedReceipt, key: PublicReceiptKey): boolean => {
  if (receipt.body.keyId !== key.kid) return false;
  const sig = fromBase64Url(receipt.signature);
  return sig !== null && verifyBytes(key, signedBytesOf(receipt.body), sig);
};

export const leafBytesOf = (receipt: SignedReceipt): Uint8Array =>
  Buffer.from(leafTextOf(canonicalize(receipt.body), receipt.signature), 'utf8');

export const receiptLeafHash = (receipt: SignedReceipt): Uint8Array => leafHash(leafBytesOf(receipt));

/** The previousHash the receipt after this one must carry. */
export const nextPreviousHash = (receipt: SignedReceipt): string => toHex(receiptLeafHash(receipt));

/**
 * Chain check over consecutive receipts starting at log index `start`, whose predecessor's leaf hash is
 * `previousHash` (hex; 64 zeros at the start of a log). Returns the position of the first bad one, or null.
 */
export const firstChainBreak = (
  receipts: readonly SignedReceipt[],
  start = 0,
  previousHash: string = '0'.repeat(64),
): { position: number; reason: string } | null => {
  let prev = previousHash;
  for (let i = 0; i < receipts.length; i++) {
    const r = receipts[i] as SignedReceipt;
    if (r.body.logIndex !== start + i)
      return { position: i, reason: `logIndex is ${r.body.logIndex}, expected ${start + i}` };
    if (r.body.previousHash !== prev)
      return { position: i, reason: 'previousHash does not match the leaf hash of the previous receipt' };
    prev = nextPreviousHash(r);
  }
  return null;
};
