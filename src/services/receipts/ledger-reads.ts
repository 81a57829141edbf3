/**
 * Reading a customer's log: receipts, inclusion and consistency proofs against the latest signed
 * checkpoint, and the self-contained export bundle. Proof nodes come from the stored perfect subtrees,
 * so a proof costs O(log n) rows whatever the log's size.
 */
import type { CheckpointRow, CustomerScope, StoredReceipt } from '../../adapters/store/interface.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { buildBundle2, type ReceiptBundle2 } from '../../domain/receipts/bundle.ts';
import { logOrigin, signCheckpoint } from '../../domain/receipts/checkpoint.ts';
import { fromHex, toBase64 } from '../../domain/receipts/encoding.ts';
import { publicPart } from '../../domain/receipts/keys.ts';
import type { LifecycleKey } from '../../domain/receipts/key-lifecycle.ts';
import { servedCheckpoint } from './served-checkpoint.ts';
import type { ServedCheckpoint } from './served-checkpoint.ts';
import {
  consistencyRanges,
  EMPTY_ROOT,
  inclusionRanges,
  neededNodes,
  proofFromRanges,
  type LeafRange,
} from '../../domain/receipts/merkle.ts';
import type { ReceiptBody, SignedReceipt } from '../../domain/receipts/receipt-format.ts';
import type { LedgerDeps } from './append-receipt.ts';

export const signedReceiptOf = (r: StoredReceipt): SignedReceipt => ({
  body: JSON.parse(r.body) as ReceiptBody,
  signature: r.signature,
});

/** The latest checkpoint, or a signed one of the empty tree when the log has no receipts yet. */
export const latestCheckpoint = async (scope: CustomerScope, deps: LedgerDeps): Promise<CheckpointRow> => {
  const cp = await scope.latestCheckpoint();
  if (cp) return cp;
  const note = signCheckpoint(
    { origin: logOrigin(scope.customerId, deps.originPrefix), treeSize: 0, rootHash: EMPTY_ROOT },
    deps.signer.active(),
  );
  return {
    treeSize: 0,
    rootHash: Buffer.from(EMPTY_ROOT).toString('hex'),
    note,
    createdAt: new Date(deps.clock.now()).toISOString(),
  };
};

const proofHashes = async (scope: CustomerScope, ranges: readonly LeafRange[]): Promise<string[]> => {
  const nodes = await scope.treeNodes(neededNodes(ranges));
  const byId = new Map(nodes.map((n) => [`${n.level}:${n.index}`, n.hash]));
  const hashes = proofFromRanges(ranges, (level, index) => {
    const hex = byId.get(`${level}:${index}`);
    const bytes = hex === undefined ? null : fromHex(hex);
    if (bytes === null) throw new Error(`tree node ${level}:${index} of ${scope.customerId} is missing`);
    return bytes;
  });
  return hashes.map(toBase64);
};

export interface ReceiptWithProof {
  readonly receipt: SignedReceipt;
  readonly inclusionProof: { readonly leafIndex: number; readonly treeSize: number; readonly hashes: string[] };
  readonly checkpoint: string;
}

export const receiptWithProof = async (
  scope: CustomerScope,
  deps: LedgerDeps,
  receiptId: string,
): Promise<ReceiptWithProof> => {
  const stored = await scope.receiptById(receiptId);
  if (!stored) throw new DomainError('TAI-RECEIPT-NOT-FOUND', { detail: receiptId });
  const cp = await latestCheckpoint(scope, deps);
  const hashes = await proofHashes(scope, inclusionRanges(stored.logIndex, cp.treeSize));
  return {
    receipt: signedReceiptOf(stored),
    inclusionProof: { leafIndex: stored.logIndex, treeSize: cp.treeSize, hashes },
    checkpoint: (await servedCheckpoint(scope, cp, deps)).note,
  };
};

export const consistencyBetween = async (
  scope: CustomerScope,
  deps: LedgerDeps,
  from: number,
  to: number | undefined,
): Promise<{ from: number; to: number; hashes: string[]; checkpoint: string }> => {
  const latest = await latestCheckpoint(scope, deps);
  const size2 = to ?? latest.treeSize;
  if (from < 0 || from > size2 || size2 > latest.treeSize) {
    throw new DomainError('TAI-LEDGER-RANGE-INVALID', {
      message: `Need 0 <= from <= to <= ${latest.treeSize} (the current tree size).`,
      detail: `from=${from} to=${size2}`,
    });
  }
  const cp = size2 === latest.treeSize ? latest : await scope.checkpointAt(size2);
  if (!cp) throw new DomainError('TAI-LEDGER-RANGE-INVALID', { detail: `no checkpoint at ${size2}` });
  const hashes = from === 0 || from === size2 ? [] : await proofHashes(scope, consistencyRanges(from, size2));
  return { from, to: size2, hashes, checkpoint: (await servedCheckpoint(scope, cp, deps)).note };
};

/**
 * The checkpoint to show as the log's head: the largest one witnesses cosigned when witnesses are
 * configured and one has been, else the latest signed one.
 */
export const witnessedCheckpoint = async (scope: CustomerScope, deps: LedgerDeps): Promise<ServedCheckpoint> => {
  const latest = await latestCheckpoint(scope, deps);
  const cosigned = deps.witnessQueue === undefined ? undefined : await scope.latestCosigned();
  const row = cosigned === undefined ? undefined : await scope.checkpointAt(cosigned.treeSize);
  return servedCheckpoint(scope, row ?? latest, deps);
};

/**
 * The format-2 bundle: every key the service has (with its lifecycle), the receipts up to the head
 * (witnessedCheckpoint), and the checkpoints a verifier needs to place each ended key's receipts before
 * the key's end: per retired or compromised key, the first cosigned checkpoint covering its last receipt.
 */
export const exportBundle = async (scope: CustomerScope, deps: LedgerDeps): Promise<ReceiptBundle2> => {
  const head = await witnessedCheckpoint(scope, deps);
  const receipts = (await scope.receiptRange(0, head.row.treeSize)).map(signedReceiptOf);
  const ring = deps.signer.keyring();
  const lastIndex = new Map<string, number>();
  receipts.forEach((r, i) => lastIndex.set(r.body.keyId, i));
  const sizes = new Set<number>();
  for (const e of ring) {
    const i = lastIndex.get(e.key.kid);
    if (i === undefined || (e.retiredAt === null && e.compromisedAt === null)) continue;
    const size = await scope.firstCosignedFrom(i + 1);
    if (size !== undefined && size < head.row.treeSize) sizes.add(size);
  }
  const history: string[] = [];
  for (const size of [...sizes].sort((a, b) => a - b)) {
    const row = await scope.checkpointAt(size);
    if (row !== undefined) history.push((await servedCheckpoint(scope, row, deps)).note);
  }
  const keys: LifecycleKey[] = ring.map((e) => ({
    ...publicPart(e.key),
    lifecycle: { createdAt: e.createdAt, retiredAt: e.retiredAt, compromisedAt: e.compromisedAt },
  }));
  return buildBundle2({
    origin: logOrigin(scope.customerId, deps.originPrefix),
    keys,
    checkpoints: [...history, head.note],
    receipts,
  });
};
