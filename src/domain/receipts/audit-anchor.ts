/**
 * Prune anchors: before rows 1..N of the audit chain are deleted, the service signs {N, hash of row N},
 * so the remaining chain (from row N+1, whose prevHash is that hash) still verifies. Signed bytes: the
 * context `tai-audit-prune-anchor/2` and 0x00, then RFC 8785 of the anchor without `signature` (format 1
 * anchors, still verified, signed the RFC 8785 bytes alone); Ed25519 with a receipt key; base64url.
 */
import { canonicalBytes } from '../shared/canonical-json.ts';
import { isoOf } from '../shared/clock.ts';
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { verifyAuditRows } from './audit-chain.ts';
import type { AuditChainVerdict, AuditRow, ChainHead } from './audit-chain.ts';
import { fromBase64Url, toBase64Url } from './encoding.ts';
import { signBytes, verifyBytes } from './keys.ts';
import type { PublicReceiptKey, SigningKey } from './keys.ts';
import { isIsoInstant } from './receipt-format.ts';

const ANCHOR_FORMAT_1 = 'tai-audit-prune-anchor/1';
/** Format 2 signs ANCHOR_CONTEXT || canonical JSON (a 0x00 ends the context, as for receipts). */
const ANCHOR_FORMAT = 'tai-audit-prune-anchor/2';
const ANCHOR_CONTEXT = `${ANCHOR_FORMAT}\u0000`;

const messageOf = (unsigned: Unsigned): Uint8Array =>
  unsigned.format === ANCHOR_FORMAT_1
    ? canonicalBytes(unsigned)
    : Buffer.concat([Buffer.from(ANCHOR_CONTEXT, 'utf8'), canonicalBytes(unsigned)]);

export interface PruneAnchor {
  readonly format: typeof ANCHOR_FORMAT | typeof ANCHOR_FORMAT_1;
  /** Rows with seq <= this were deleted. */
  readonly prunedThroughSeq: number;
  /** The hash of row prunedThroughSeq: the prevHash of the first remaining row. */
  readonly lastHash: string;
  readonly at: string;
  readonly keyId: string;
  readonly signature: string;
}

type Unsigned = Omit<PruneAnchor, 'signature'>;

export const signPruneAnchor = (lastPruned: ChainHead, nowMs: number, key: SigningKey): PruneAnchor => {
  if (!Number.isSafeInteger(lastPruned.seq) || lastPruned.seq < 1 || !/^[0-9a-f]{64}$/.test(lastPruned.hash)) {
    throw new RangeError('an anchor names the last pruned row: seq >= 1 and its hash');
  }
  const unsigned: Unsigned = {
    format: ANCHOR_FORMAT,
    prunedThroughSeq: lastPruned.seq,
    lastHash: lastPruned.hash,
    at: isoOf(nowMs),
    keyId: key.kid,
  };
  return { ...unsigned, signature: toBase64Url(signBytes(key, messageOf(unsigned))) };
};

/** Checks the anchor's shape and signature; returns the chain head the remaining rows continue from. */
export const verifyPruneAnchor = (
  anchor: PruneAnchor,
  keys: readonly PublicReceiptKey[],
): Result<ChainHead, string> => {
  const { signature, ...unsigned } = anchor;
  const names = Object.keys(unsigned).sort().join(',');
  if (
    names !== 'at,format,keyId,lastHash,prunedThroughSeq' ||
    (unsigned.format !== ANCHOR_FORMAT && unsigned.format !== ANCHOR_FORMAT_1)
  )
    return err('the anchor is malformed');
  if (!Number.isSafeInteger(unsigned.prunedThroughSeq) || unsigned.prunedThroughSeq < 1)
    return err('prunedThroughSeq must be >= 1');
  if (typeof unsigned.lastHash !== 'string' || !/^[0-9a-f]{64}$/.test(unsigned.lastHash))
    return err('lastHash must be 64 hex digits');
  if (!isIsoInstant(unsigned.at)) return err('at must be an ISO instant');
  const key = keys.find((k) => k.kid === unsigned.keyId);
  if (key === undefined) return err(`the anchor is signed by unknown key ${String(unsigned.keyId)}`);
  const sig = typeof signature === 'string' ? fromBase64Url(signature) : null;
  if (sig === null || !verifyBytes(key, messageOf(unsigned), sig))
    return err(`the anchor signature does not verify under key ${key.kid}`);
  return ok({ seq: unsigned.prunedThroughSeq, hash: unsigned.lastHash });
};

interface AuditVerifyOptions {
  /** The latest prune anchor, when rows were pruned; `keys` must then hold its key. */
  readonly anchor?: PruneAnchor;
  readonly keys?: readonly PublicReceiptKey[];
  /** The last row's {seq, hash} recorded elsewhere, to detect rows cut off the end. */
  readonly head?: ChainHead;
}

/** Verifies the (possibly pruned) audit chain and names the first bad row. */
export const verifyAuditChain = (rows: readonly AuditRow[], options: AuditVerifyOptions = {}): AuditChainVerdict => {
  if (options.anchor === undefined) return verifyAuditRows(rows, undefined, options.head);
  const from = verifyPruneAnchor(options.anchor, options.keys ?? []);
  if (!from.ok) return { ok: false, position: -1, seq: null, id: null, reason: `prune anchor: ${from.error}` };
  return verifyAuditRows(rows, from.value, options.head);
};
