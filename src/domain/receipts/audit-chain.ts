/**
 * The audit trail as a hash chain. Row n stores prevHash (row n-1's hash; 64 zeros for seq 1, or the
 * prune anchor's lastHash) and hash = SHA-256(32 raw bytes of prevHash || RFC 8785 bytes of the event),
 * where the event is exactly {id, seq, at, type, actor, customerPseudonym, outcome, details}.
 * Customers appear only as pseudonyms: HMAC-SHA-256 under a service secret, first 16 bytes, hex.
 */
import { createHash, createHmac } from 'node:crypto';
import { DomainError } from '../errors/domain-error.ts';
import { canonicalize } from '../shared/canonical-json.ts';
import type { JsonValue } from '../shared/canonical-json.ts';
import { isoOf } from '../shared/clock.ts';
import { isId, newId } from '../shared/ids.ts';
import { isIsoInstant } from './receipt-format.ts';

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

interface AuditEvent {
  readonly id: string;
  /** 1, 2, 3, ... with no gaps. */
  readonly seq: number;
  readonly at: string;
  /** Dotted lowercase, e.g. auth.failure, certificate.state_changed, deploy.attempt. */
  readonly type: string;
  /** Who acted: an API key id, `admin`, `system`; never a secret. */
  readonly actor: string;
  readonly customerPseudonym: string | null;
  readonly outcome: AuditOutcome;
  readonly details: { readonly [k: string]: JsonValue };
}

export interface AuditRow extends AuditEvent {
  readonly prevHash: string;
  readonly hash: string;
}

/** Where a chain continues from: the last row, or a prune anchor. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export const AUDIT_GENESIS: ChainHead = { seq: 0, hash: '0'.repeat(64) };

const TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
const HEX64 = /^[0-9a-f]{64}$/;
const PSEUDONYM = /^[0-9a-f]{32}$/;
const EVENT_MEMBERS = ['id', 'seq', 'at', 'type', 'actor', 'customerPseudonym', 'outcome', 'details'] as const;

/** Keyed pseudonym of a customer id: hex of the first 16 bytes of HMAC-SHA-256(secret, utf8(customerId)). */
export const pseudonymize = (customerId: string, secret: Uint8Array | string): string =>
  createHmac('sha256', secret).update(customerId, 'utf8').digest('hex').slice(0, 32);

export const eventOf = (row: AuditEvent): AuditEvent => ({
  id: row.id,
  seq: row.seq,
  at: row.at,
  type: row.type,
  actor: row.actor,
  customerPseudonym: row.customerPseudonym,
  outcome: row.outcome,
  details: row.details,
});

const auditHash = (prevHash: string, event: AuditEvent): string =>
  createHash('sha256')
    .update(Buffer.from(prevHash, 'hex'))
    .update(canonicalize(eventOf(event)), 'utf8')
    .digest('hex');

/** The first way a row's event is malformed, as [member, reason], or null. */
const eventProblem = (e: AuditEvent): readonly [string, string] | null => {
  const extra = Object.keys(e).find(
    (k) => !(EVENT_MEMBERS as readonly string[]).includes(k) && k !== 'prevHash' && k !== 'hash',
  );
  if (extra !== undefined) return [extra, 'unexpected member'];
  if (typeof e.id !== 'string' || !isId('evt', e.id)) return ['id', 'must be an evt_ id'];
  if (!Number.isSafeInteger(e.seq) || e.seq < 1) return ['seq', 'must be a positive integer'];
  if (!isIsoInstant(e.at)) return ['at', 'must be an ISO 8601 UTC instant with milliseconds'];
  if (typeof e.type !== 'string' || !TYPE.test(e.type)) return ['type', 'must be dotted lowercase'];
  if (typeof e.actor !== 'string' || e.actor.length === 0 || e.actor.length > 200)
    return ['actor', 'must be 1-200 characters'];
  if (
    e.customerPseudonym !== null &&
    !(typeof e.customerPseudonym === 'string' && PSEUDONYM.test(e.customerPseudonym))
  ) {
    return ['customerPseudonym', 'must be 32 hex digits or null'];
  }
  if (!(AUDIT_OUTCOMES as readonly unknown[]).includes(e.outcome))
    return ['outcome', `must be one of ${AUDIT_OUTCOMES.join(', ')}`];
  if (typeof e.details !== 'object' || e.details === null || Array.isArray(e.details))
    return ['details', 'must be an object'];
  try {
    canonicalize(e.details);
  } catch (cause) {
    return ['details', String(cause)];
  }
  return null;
};

export interface AuditInput {
  readonly id?: string;
  readonly nowMs: number;
  readonly type: string;
  readonly actor: string;
  readonly customerPseudonym: string | null;
  readonly outcome: AuditOutcome;
  readonly details: { readonly [k: string]: JsonValue };
}

/** The next row after `head` (the last row, a prune anchor, or AUDIT_GENESIS). */
export const chainAuditEvent = (head: ChainHead, input: AuditInput): AuditRow => {
  if (!Number.isSafeInteger(input.nowMs) || input.nowMs < 0)
    throw new DomainError('TAI-AUDIT-EVENT-INVALID', { path: '/at' });
  const event: AuditEvent = {
    id: input.id ?? newId('evt', input.nowMs),
    seq: head.seq + 1,
    at: isoOf(input.nowMs),
    type: input.type,
    actor: input.actor,
    customerPseudonym: input.customerPseudonym,
    outcome: input.outcome,
    details: input.details,
  };
  const problem = eventProblem(event);
  if (problem !== null)
    throw new DomainError('TAI-AUDIT-EVENT-INVALID', { path: `/${problem[0]}`, detail: problem[1] });
  return { ...event, prevHash: head.hash, hash: auditHash(head.hash, event) };
};

export type AuditChainVerdict =
  | { readonly ok: true; readonly count: number; readonly head: ChainHead }
  | {
      readonly ok: false;
      readonly position: number;
      readonly seq: number | null;
      readonly id: string | null;
      readonly reason: string;
    };

/**
 * Checks rows (ordered by seq) continuing from `from` (AUDIT_GENESIS, or a verified prune anchor's
 * head). Names the first bad row. With `head`, also proves no rows were cut off the end.
 */
export const verifyAuditRows = (
  rows: readonly AuditRow[],
  from: ChainHead = AUDIT_GENESIS,
  head?: ChainHead,
): AuditChainVerdict => {
  let prev = from;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as AuditRow;
    const bad = (reason: string): AuditChainVerdict => ({
      ok: false,
      position: i,
      seq: Number.isSafeInteger(row.seq) ? row.seq : null,
      id: typeof row.id === 'string' ? row.id : null,
      reason,
    });
    const problem = eventProblem(row);
    if (problem !== null) return bad(`${problem[0]} ${problem[1]}`);
    if (row.seq !== prev.seq + 1)
      return bad(`seq is ${row.seq}, expected ${prev.seq + 1} (a row was removed, inserted or reordered)`);
    if (row.prevHash !== prev.hash) return bad('prevHash is not the hash of the row before');
    if (typeof row.hash !== 'string' || !HEX64.test(row.hash) || row.hash !== auditHash(prev.hash, row)) {
      return bad('hash does not match the row contents (the row was altered)');
    }
    prev = { seq: row.seq, hash: row.hash };
  }
  if (head !== undefined && (head.seq !== prev.seq || head.hash !== prev.hash)) {
    return {
      ok: false,
      position: rows.length,
      seq: head.seq,
      id: null,
      reason: `the chain ends at seq ${prev.seq}, the recorded head is seq ${head.seq}`,
    };
  }
  return { ok: true, count: rows.length, head: prev };
};
