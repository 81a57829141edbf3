/**
 * The checks after the per-receipt ones. Every checkpoint of the bundle verifies under a bundle key with
 * the bundle's origin, its size rises, and its root is the Merkle root of that prefix of the leaves; the
 * last one covers every receipt. With pinned witnesses: the last checkpoint carries a quorum of valid
 * cosignatures, fresh enough under maxAgeMs, and a key's signatures (on checkpoints and on receipts) count
 * only if witnessed by the key's end (key-lifecycle.ts). Without witnesses those times are the signer's
 * own claims (a checkpoint's: the issuedAt of the last receipt it covers). Then consistency with an older
 * checkpoint, computed from the leaves.
 */
import { verifyCheckpoint } from './checkpoint.ts';
import type { VerifiedCheckpoint } from './checkpoint.ts';
import { verifyCosignatures } from './cosignature.ts';
import type { WitnessKey } from './cosignature.ts';
import { failure } from './bundle-verdict.ts';
import type { BundleVerdict, OpenedBundle } from './bundle-verdict.ts';
import type { MergedRanges } from './bundle-range.ts';
import { toHex } from './encoding.ts';
import { rootOfLeafHashes } from './frontier.ts';
import { keyEndMs } from './key-lifecycle.ts';
import { EMPTY_ROOT, HASH_SIZE } from './merkle.ts';
import { equalBytes, verifyConsistency } from './merkle-verify.ts';
import { MemoryTree } from './memory-tree.ts';

export interface FinishOptions {
  /** An older signed checkpoint of the same log, to prove the log only grew since. */
  readonly previousCheckpoint?: string;
  /** The customer's log origin the verifier expects (`tai verify --origin`). */
  readonly expectedOrigin?: string;
  /** Pinned witnesses (`--witness`); with them the last checkpoint must carry `minWitnesses` cosignatures. */
  readonly witnesses?: readonly WitnessKey[];
  readonly minWitnesses?: number;
  /** The freshest quorum cosignature of the last checkpoint must be at most this old (needs witnesses). */
  readonly maxAgeMs?: number;
  /** The verifier's clock, for maxAgeMs and for refusing cosignatures from the future. */
  readonly nowMs?: number;
}

/** Cosignatures dated more than this after the verifier's clock are refused. */
const FUTURE_SKEW_S = 600;

interface Judged {
  readonly cp: VerifiedCheckpoint;
  /** Seconds: when a quorum had cosigned it (the quorum's latest), and the freshest quorum time; null if not witnessed. */
  readonly witnessedAt: number | null;
  readonly freshAt: number | null;
  readonly witnesses: readonly string[];
}

const issuedAtOf = (receipts: readonly unknown[], i: number): string | null => {
  const body = (receipts[i] as { body?: { issuedAt?: unknown } } | undefined)?.body;
  return typeof body?.issuedAt === 'string' ? body.issuedAt : null;
};
const receiptIdAt = (receipts: readonly unknown[], i: number): string | null => {
  const body = (receipts[i] as { body?: { id?: unknown } } | undefined)?.body;
  return typeof body?.id === 'string' ? body.id : null;
};

export const finishBundle = (
  opened: OpenedBundle,
  merged: Pick<MergedRanges, 'leafHashes' | 'lastIndexByKid'>,
  options: FinishOptions = {},
): BundleVerdict => {
  const { leafHashes } = merged;
  if (options.expectedOrigin !== undefined && opened.origin !== options.expectedOrigin)
    return failure('bundle', `this is the log of ${opened.origin}, not ${options.expectedOrigin}`);
  const count = leafHashes.length / HASH_SIZE;
  const witnesses = options.witnesses ?? [];
  const quorum = options.minWitnesses ?? (witnesses.length > 0 ? 1 : 0);
  const nowS = Math.floor((options.nowMs ?? 0) / 1000);

  const judged: Judged[] = [];
  for (const [n, note] of opened.checkpoints.entries()) {
    const cp = verifyCheckpoint(note, opened.keys, opened.origin);
    const label = opened.checkpoints.length === 1 ? 'checkpoint' : `checkpoint ${n}`;
    if (!cp.ok) return failure('checkpoint', `${label}: ${cp.error}`);
    const previous = judged[judged.length - 1];
    if (previous !== undefined && cp.value.treeSize <= previous.cp.treeSize)
      return failure('checkpoint', `${label}: sizes must rise (${cp.value.treeSize} after ${previous.cp.treeSize})`);
    let times: number[] = [];
    let names: string[] = [];
    if (witnesses.length > 0) {
      const cosigs = verifyCosignatures(cp.value.text, cp.value.signatures, witnesses);
      if (!cosigs.ok) return failure('checkpoint', `${label}: ${cosigs.error}`);
      const future = cosigs.value.find((c) => c.timestamp > nowS + FUTURE_SKEW_S);
      if (future !== undefined)
        return failure('checkpoint', `${label}: the cosignature of ${future.witness} is dated in the future`);
      times = cosigs.value.map((c) => c.timestamp).sort((a, b) => a - b);
      names = cosigs.value.map((c) => c.witness);
    }
    const witnessed = quorum > 0 && times.length >= quorum;
    judged.push({
      cp: cp.value,
      witnessedAt: witnessed ? (times[quorum - 1] ?? null) : null,
      freshAt: witnessed ? (times[times.length - quorum] ?? null) : null,
      witnesses: names,
    });
  }
  const last = judged[judged.length - 1];
  if (last === undefined) return failure('checkpoint', 'the bundle has no checkpoint');
  const { treeSize } = last.cp;
  if (count > treeSize) {
    return failure(
      'receipt',
      `not covered by the signed checkpoint (tree size ${treeSize})`,
      treeSize,
      receiptIdAt(opened.receipts, treeSize),
    );
  }
  if (count < treeSize)
    return failure('checkpoint', `the checkpoint covers ${treeSize} receipts, the bundle has ${count}`);

  const needTree = judged.length > 1 || options.previousCheckpoint !== undefined;
  const tree = needTree ? new MemoryTree() : null;
  if (tree) for (let o = 0; o < leafHashes.length; o += HASH_SIZE) tree.append(leafHashes.subarray(o, o + HASH_SIZE));
  const root = tree ? tree.root() : rootOfLeafHashes(leafHashes);
  for (const j of judged) {
    const want = j === last ? root : (tree as MemoryTree).root(j.cp.treeSize);
    if (!equalBytes(want, j.cp.rootHash))
      return failure(
        'checkpoint',
        j === last
          ? 'the Merkle root of the receipts does not match the signed checkpoint'
          : `the checkpoint at size ${j.cp.treeSize} is not the root of the first ${j.cp.treeSize} receipts`,
      );
  }

  if (witnesses.length > 0) {
    if (last.witnessedAt === null)
      return failure('checkpoint', `cosigned by ${last.witnesses.length} of the pinned witnesses; ${quorum} required`);
    if (options.maxAgeMs !== undefined && (options.nowMs ?? 0) - (last.freshAt ?? 0) * 1000 > options.maxAgeMs)
      return failure(
        'checkpoint',
        `the newest cosignature (${new Date((last.freshAt ?? 0) * 1000).toISOString()}) is older than the allowed age: the log may have been rolled back`,
      );
  }

  const signerProblem = lifecycleProblem(opened, judged);
  if (signerProblem !== null) return signerProblem;
  if (witnesses.length > 0) {
    const receiptProblem = witnessedReceiptsProblem(opened, judged, merged.lastIndexByKid);
    if (receiptProblem !== null) return receiptProblem;
  }

  let previousTreeSize: number | null = null;
  if (options.previousCheckpoint !== undefined) {
    const prev = verifyCheckpoint(options.previousCheckpoint, opened.keys, opened.origin);
    if (!prev.ok) return failure('previous-checkpoint', prev.error);
    previousTreeSize = prev.value.treeSize;
    if (previousTreeSize > treeSize)
      return failure('previous-checkpoint', `it has ${previousTreeSize} receipts, more than the bundle's ${treeSize}`);
    const consistent =
      previousTreeSize === 0
        ? equalBytes(prev.value.rootHash, EMPTY_ROOT)
        : verifyConsistency(
            previousTreeSize,
            treeSize,
            (tree as MemoryTree).consistencyProof(previousTreeSize),
            prev.value.rootHash,
            root,
          );
    if (!consistent)
      return failure(
        'previous-checkpoint',
        `the log's first ${previousTreeSize} receipts are not the ones the older checkpoint signed`,
      );
  }
  return {
    ok: true,
    format: opened.format,
    origin: opened.origin,
    treeSize,
    root: toHex(root),
    checkpointKid: last.cp.kid,
    previousTreeSize,
    witnesses: last.witnesses,
    witnessedAt: last.freshAt === null ? null : new Date(last.freshAt * 1000).toISOString(),
  };
};

/** Each checkpoint needs a log signature by a key that still counted at the checkpoint's time. */
const lifecycleProblem = (opened: OpenedBundle, judged: readonly Judged[]): BundleVerdict | null => {
  for (const j of judged) {
    const claimed = j.cp.treeSize === 0 ? null : issuedAtOf(opened.receipts, j.cp.treeSize - 1);
    const atMs = j.witnessedAt !== null ? j.witnessedAt * 1000 : claimed === null ? null : Date.parse(claimed);
    const counts = j.cp.kids.some((kid) => {
      const l = opened.keyMap.get(kid)?.lifecycle;
      const end = l === undefined ? null : keyEndMs(l);
      return end === null || (atMs !== null && atMs <= end);
    });
    if (!counts) {
      const how = j.witnessedAt !== null ? 'witnessed' : 'claimed';
      return failure(
        'checkpoint',
        `the checkpoint at size ${j.cp.treeSize} is signed only by ${j.cp.kids.join(', ')}, past its retirement or compromise at the ${how} time ${atMs === null ? 'unknown' : new Date(atMs).toISOString()}`,
      );
    }
  }
  return null;
};

/** A receipt by a key that has ended must be covered by a checkpoint witnessed before that end. */
const witnessedReceiptsProblem = (
  opened: OpenedBundle,
  judged: readonly Judged[],
  lastIndexByKid: Readonly<Record<string, number>>,
): BundleVerdict | null => {
  for (const [kid, index] of Object.entries(lastIndexByKid)) {
    const l = opened.keyMap.get(kid)?.lifecycle;
    const end = l === undefined ? null : keyEndMs(l);
    if (end === null) continue;
    const covered = judged.some((j) => j.witnessedAt !== null && j.cp.treeSize > index && j.witnessedAt * 1000 <= end);
    if (!covered)
      return failure(
        'receipt',
        `signed by key ${kid}, and no checkpoint witnessed before the key stopped counting (${new Date(end).toISOString()}) covers it`,
        index,
        receiptIdAt(opened.receipts, index),
      );
  }
  return null;
};
