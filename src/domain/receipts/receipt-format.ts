/**
 * The receipt body and its strict shape check, shared by the issuer (which throws) and the offline
 * verifier (which reports the reason). Every member is required; nullable ones are present as null.
 */
import type { Authority, Mode } from '../customer/types.ts';
import { MODES } from '../customer/types.ts';
import type { InsuranceStamp } from '../insurance/certificate.ts';
import { canonicalize } from '../shared/canonical-json.ts';
import { isId } from '../shared/ids.ts';

export const RECEIPT_KINDS = [
  'quote',
  'publish',
  'deploy',
  'refusal',
  'mode_change',
  'certificate_event',
  'deploy_completion',
  'deployment_removed',
  'onboarding',
] as const;

/** Open for extension: any snake_case name is a valid kind; these are the ones issued today. */
export type ReceiptKind = (typeof RECEIPT_KINDS)[number] | (string & Record<never, never>);

/** The body member that marks format 2 (signed under RECEIPT_CONTEXT); a body without it is format 1. */
export const RECEIPT_FORMAT_2 = 'tai-receipt/2';
/**
 * Format 2 signs RECEIPT_CONTEXT || canonical body: the context string and a 0x00 byte. A signed note's
 * text never holds 0x00 and a prune anchor's message starts with its own context, so no message of one
 * kind is a message of another.
 */
export const RECEIPT_CONTEXT = `${RECEIPT_FORMAT_2}\u0000`;

export interface ReceiptBody {
  /** Present (and 'tai-receipt/2') in format 2; absent in format 1. */
  readonly format?: typeof RECEIPT_FORMAT_2;
  readonly id: string;
  readonly customerId: string;
  readonly logIndex: number;
  readonly kind: ReceiptKind;
  readonly mode: Mode;
  readonly authority: Authority;
  /** ISO 8601 UTC with milliseconds, e.g. 2026-01-01T00:00:00.000Z. */
  readonly issuedAt: string;
  /** Lowercase hex SHA-256 of the RFC 8785 bytes of the request / of the result. */
  readonly requestDigest: string;
  readonly resultDigest: string;
  readonly contractReference: string | null;
  /** Present exactly when authority is contractual. */
  readonly insurance: InsuranceStamp | null;
  /** Advisory receipts always carry one. */
  readonly disclaimer: string | null;
  /** Lowercase hex of the previous receipt's Merkle leaf hash; 64 zeros for log index 0. */
  readonly previousHash: string;
  readonly keyId: string;
}

export interface SignedReceipt {
  readonly body: ReceiptBody;
  /** base64url (no padding) of the 64-byte Ed25519 signature over the RFC 8785 bytes of `body`. */
  readonly signature: string;
}

export const GENESIS_PREVIOUS_HASH = '0'.repeat(64);

const BODY_MEMBERS = [
  'id',
  'customerId',
  'logIndex',
  'kind',
  'mode',
  'authority',
  'issuedAt',
  'requestDigest',
  'resultDigest',
  'contractReference',
  'insurance',
  'disclaimer',
  'previousHash',
  'keyId',
] as const;
const STAMP_MEMBERS = ['certificateId', 'policyNumber', 'insurer', 'expiresAt'] as const;

const MODE_SET = new Set<unknown>(MODES);
const KIND = /^[a-z][a-z0-9_]{0,63}$/;
const CUSTOMER = /^[A-Za-z0-9_.:-]{1,128}$/;
const KID = /^ed25519-[A-Za-z0-9_-]{11}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const daysIn = (y: number, m: number): number =>
  m === 2
    ? y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
      ? 29
      : 28
    : m === 4 || m === 6 || m === 9 || m === 11
      ? 30
      : 31;

/** Two decimal digits at i, or NaN. */
const two = (s: string, i: number): number => (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);

/** Exactly the form Date.prototype.toISOString gives for years 0-9999 (checked by hand: Date.parse is lenient and slow). */
export const isIsoInstant = (s: unknown): s is string => {
  if (typeof s !== 'string' || !ISO_MS.test(s)) return false;
  const mo = two(s, 5);
  const d = two(s, 8);
  return (
    mo >= 1 &&
    mo <= 12 &&
    d >= 1 &&
    d <= daysIn(two(s, 0) * 100 + two(s, 2), mo) &&
    two(s, 11) <= 23 &&
    two(s, 14) <= 59 &&
    two(s, 17) <= 59
  );
};

const text = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const nullableText = (v: unknown): boolean => v === null || text(v);

interface Problem {
  readonly path: string;
  readonly reason: string;
}

const BODY_MEMBERS_2 = [...BODY_MEMBERS, 'format'] as const;

const exactMembers = (o: object, names: readonly string[], path: string): Problem | null => {
  const keys = Object.keys(o);
  if (keys.length === names.length && names.every((n) => Object.hasOwn(o, n))) return null;
  const extra = keys.find((k) => !names.includes(k));
  if (extra !== undefined) return { path: `${path}/${extra}`, reason: `unexpected member ${extra}` };
  const missing = names.find((n) => !Object.hasOwn(o, n)) ?? '';
  return { path: `${path}/${missing}`, reason: `missing member ${missing}` };
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const stampProblem = (s: unknown, strictInstant: boolean): Problem | null => {
  if (s === null) return null;
  if (!isObject(s)) return { path: '/insurance', reason: 'insurance must be an object or null' };
  const members = exactMembers(s, STAMP_MEMBERS, '/insurance');
  if (members !== null) return members;
  const bad = STAMP_MEMBERS.find((n) => !text(s[n]));
  if (bad !== undefined) return { path: `/insurance/${bad}`, reason: `${bad} must be a non-empty string` };
  // Format 1 took any date Date.parse reads (2027-01-01 included); format 2 takes exactly the instant form.
  const good = strictInstant ? isIsoInstant(s['expiresAt']) : !Number.isNaN(Date.parse(s['expiresAt'] as string));
  return good
    ? null
    : {
        path: '/insurance/expiresAt',
        reason: strictInstant
          ? 'expiresAt must be an instant like 2027-01-01T00:00:00.000Z'
          : 'expiresAt must be a date',
      };
};

const matches = (re: RegExp, v: unknown): boolean => typeof v === 'string' && re.test(v);

/** 64 lowercase hex digits (/^[0-9a-f]{64}$/, by hand: three per receipt on the verifier's hot path). */
const isHex64 = (v: unknown): boolean => {
  if (typeof v !== 'string' || v.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = v.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
};

/** The first member of a body that is not well-formed, with what it must be; null when all are. */
const firstBadMember = (b: Record<string, unknown>): [string, string] | null => {
  if (!(typeof b['id'] === 'string' && isId('rcpt', b['id']))) return ['id', 'an rcpt_ id'];
  if (!matches(CUSTOMER, b['customerId'])) return ['customerId', 'a customer id (1-128 of A-Z a-z 0-9 _ . : -)'];
  if (!(Number.isSafeInteger(b['logIndex']) && (b['logIndex'] as number) >= 0))
    return ['logIndex', 'a non-negative integer'];
  if (!matches(KIND, b['kind'])) return ['kind', 'a snake_case kind'];
  if (!MODE_SET.has(b['mode'])) return ['mode', MODES.join(', ')];
  if (b['authority'] !== 'advisory' && b['authority'] !== 'contractual')
    return ['authority', 'advisory or contractual'];
  if (!isIsoInstant(b['issuedAt'])) return ['issuedAt', 'an ISO 8601 UTC instant with milliseconds'];
  if (!isHex64(b['requestDigest'])) return ['requestDigest', '64 lowercase hex digits'];
  if (!isHex64(b['resultDigest'])) return ['resultDigest', '64 lowercase hex digits'];
  if (!nullableText(b['contractReference'])) return ['contractReference', 'a non-empty string or null'];
  if (!nullableText(b['disclaimer'])) return ['disclaimer', 'a non-empty string or null'];
  if (!isHex64(b['previousHash'])) return ['previousHash', '64 lowercase hex digits'];
  if (!matches(KID, b['keyId'])) return ['keyId', 'an ed25519- key id'];
  return null;
};

/** The first way `b` is not a well-formed receipt body, or null. Paths are JSON pointers into the body. */
export const bodyProblem = (b: unknown): Problem | null => {
  if (!isObject(b)) return { path: '', reason: 'the receipt body must be an object' };
  const v2 = Object.hasOwn(b, 'format');
  const members = exactMembers(b, v2 ? BODY_MEMBERS_2 : BODY_MEMBERS, '');
  if (members !== null) return members;
  if (v2 && b['format'] !== RECEIPT_FORMAT_2) return { path: '/format', reason: `format must be ${RECEIPT_FORMAT_2}` };
  const bad = firstBadMember(b);
  if (bad !== null) return { path: `/${bad[0]}`, reason: `${bad[0]} must be ${bad[1]}` };
  const stamp = stampProblem(b['insurance'], v2);
  if (stamp !== null) return stamp;
  if ((b['authority'] === 'contractual') !== (b['insurance'] !== null)) {
    return { path: '/insurance', reason: 'an insurance stamp is required exactly when authority is contractual' };
  }
  if (b['authority'] === 'advisory' && b['disclaimer'] === null)
    return { path: '/disclaimer', reason: 'advisory receipts carry a disclaimer' };
  if (b['mode'] === 'eval' && b['authority'] !== 'advisory')
    return { path: '/authority', reason: 'eval mode is advisory only' };
  return null;
};

// Printable ASCII without quote or backslash needs no escaping: the common case, done without a call.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const q = (s: string): string => (PLAIN.test(s) ? `"${s}"` : canonicalize(s));

/**
 * RFC 8785 of a body that passed bodyProblem, written out member by member in sorted order: the same
 * text as canonicalize(body) (a test holds it to that), several times faster, for the verifier's hot path.
 * Members whose format bodyProblem fixes to printable ASCII without quote or backslash need no escaping.
 */
export const canonicalBodyText = (b: ReceiptBody): string => {
  const s = b.insurance;
  const stamp =
    s === null
      ? 'null'
      : `{"certificateId":${q(s.certificateId)},"expiresAt":${q(s.expiresAt)},"insurer":${q(s.insurer)},"policyNumber":${q(s.policyNumber)}}`;
  const opt = (v: string | null): string => (v === null ? 'null' : q(v));
  return (
    `{"authority":"${b.authority}","contractReference":${opt(b.contractReference)},"customerId":"${b.customerId}"` +
    `,"disclaimer":${opt(b.disclaimer)}${b.format === undefined ? '' : `,"format":"${b.format}"`},"id":"${b.id}","insurance":${stamp},"issuedAt":"${b.issuedAt}","keyId":"${b.keyId}"` +
    `,"kind":"${b.kind}","logIndex":${b.logIndex},"mode":"${b.mode}","previousHash":"${b.previousHash}"` +
    `,"requestDigest":"${b.requestDigest}","resultDigest":"${b.resultDigest}"}`
  );
};
