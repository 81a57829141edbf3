/**
 * The self-contained export bundle and its offline verification. Order of checks: the bundle's shape and
 * keys; then per receipt (first bad one wins) shape, signature under the named kid, logIndex, customer,
 * previousHash chain; then the signed checkpoint and the Merkle root of all leaves against it; then, given
 * an older checkpoint, a consistency proof computed from the leaves.
 */
import { isDomainError } from '../errors/domain-error.ts';
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { checkReceiptRange, mergeRanges } from './bundle-range.ts';
import { verifyCheckpoint } from './checkpoint.ts';
import { toHex } from './encoding.ts';
import type { PublicReceiptKey } from './keys.ts';
import { bundleJwks, publicKeysFromJwks } from './keyring.ts';
import type { Jwks } from './keyring.ts';
import { rootOfLeafHashes } from './frontier.ts';
import { EMPTY_ROOT, HASH_SIZE } from './merkle.ts';
import { equalBytes, verifyConsistency } from './merkle-verify.ts';
import { MemoryTree } from './memory-tree.ts';
import { isValidKeyName } from './note.ts';
import type { SignedReceipt } from './receipt-format.ts';

export const BUNDLE_FORMAT = 'tai-receipt-bundle/1';

export interface ReceiptBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly origin: string;
  readonly keys: Jwks;
  /** The latest signed checkpoint (C2SP signed note text); its tree size is receipts.length. */
  readonly checkpoint: string;
  readonly receipts: readonly SignedReceipt[];
}

type BundlePart = 'bundle' | 'keys' | 'receipt' | 'checkpoint' | 'previous-checkpoint';

export interface BundleFailure {
  readonly ok: false;
  readonly entry: BundlePart;
  /** Log index of the first bad receipt (entry 'receipt'), else null. */
  readonly index: number | null;
  readonly receiptId: string | null;
  readonly reason: string;
}

export interface BundleSuccess {
  readonly ok: true;
  readonly origin: string;
  readonly treeSize: number;
  /** Hex of the verified Merkle root. */
  readonly root: string;
  readonly checkpointKid: string;
  readonly previousTreeSize: number | null;
}

export type BundleVerdict = BundleSuccess | BundleFailure;

interface OpenedBundle {
  readonly origin: string;
  readonly customerId: string;
  readonly keys: readonly PublicReceiptKey[];
  readonly keyMap: ReadonlyMap<string, PublicReceiptKey>;
  readonly checkpoint: string;
  readonly receipts: readonly unknown[];
}

export const buildBundle = (input: {
  origin: string;
  keys: readonly PublicReceiptKey[];
  checkpoint: string;
  receipts: readonly SignedReceipt[];
}): ReceiptBundle => ({
  format: BUNDLE_FORMAT,
  origin: input.origin,
  keys: bundleJwks(input.keys),
  checkpoint: input.checkpoint,
  receipts: input.receipts,
});

const failure = (
  entry: BundlePart,
  reason: string,
  index: number | null = null,
  receiptId: string | null = null,
): BundleFailure => ({
  ok: false,
  entry,
  index,
  receiptId,
  reason,
});

const MEMBERS = ['format', 'origin', 'keys', 'checkpoint', 'receipts'];

/** Checks the bundle's frame and keys. With `trustedKeys`, every bundle key must be one of them. */
export const openBundle = (
  value: unknown,
  trustedKeys?: readonly PublicReceiptKey[],
): Result<OpenedBundle, BundleFailure> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return err(failure('bundle', 'the bundle is not a JSON object'));
  const b = value as Record<string, unknown>;
  const names = Object.keys(b);
  if (names.length !== MEMBERS.length || !MEMBERS.every((m) => names.includes(m))) {
    return err(failure('bundle', `a bundle has exactly the members ${MEMBERS.join(', ')}`));
  }
  if (b['format'] !== BUNDLE_FORMAT) return err(failure('bundle', `format must be ${BUNDLE_FORMAT}`));
  const origin = b['origin'];
  const slash = typeof origin === 'string' ? origin.lastIndexOf('/') : -1;
  if (typeof origin !== 'string' || !isValidKeyName(origin) || slash < 1 || slash === origin.length - 1) {
    return err(failure('bundle', 'origin must be "<prefix>/<customer id>" without spaces or plus signs'));
  }
  let keys: PublicReceiptKey[];
  try {
    keys = publicKeysFromJwks(b['keys']);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return err(failure('keys', `${e.path ?? ''}: ${e.detail ?? e.message}`));
  }
  if (keys.length === 0) return err(failure('keys', 'the bundle has no keys'));
  if (trustedKeys !== undefined) {
    const stranger = keys.find((k) => !trustedKeys.some((t) => t.kid === k.kid && equalBytes(t.raw, k.raw)));
    if (stranger !== undefined) return err(failure('keys', `key ${stranger.kid} is not among the trusted keys`));
  }
  if (typeof b['checkpoint'] !== 'string')
    return err(failure('checkpoint', 'the checkpoint must be the signed note text'));
  if (!Array.isArray(b['receipts'])) return err(failure('bundle', 'receipts must be an array'));
  return ok({
    origin,
    customerId: origin.slice(slash + 1),
    keys,
    keyMap: new Map(keys.map((k) => [k.kid, k])),
    checkpoint: b['checkpoint'],
    receipts: b['receipts'] as unknown[],
  });
};

const receiptIdAt = (receipts: readonly unknown[], i: number): string | null => {
  const body = (receipts[i] as { body?: { id?: unknown } } | undefined)?.body;
  return typeof body?.id === 'string' ? body.id : null;
};

/** The checks after the per-receipt ones: checkpoint signature, size and root; consistency with an older one. */
export const finishBundle = (
  opened: OpenedBundle,
  leafHashes: Uint8Array,
  previousCheckpoint?: string,
): BundleVerdict => {
  const cp = verifyCheckpoint(opened.checkpoint, opened.keys, opened.origin);
  if (!cp.ok) return failure('checkpoint', cp.error);
  const { treeSize, rootHash } = cp.value;
  const count = leafHashes.length / HASH_SIZE;
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
  const root = rootOfLeafHashes(leafHashes);
  if (!equalBytes(root, rootHash))
    return failure('checkpoint', 'the Merkle root of the receipts does not match the signed checkpoint');

  let previousTreeSize: number | null = null;
  if (previousCheckpoint !== undefined) {
    const prev = verifyCheckpoint(previousCheckpoint, opened.keys, opened.origin);
    if (!prev.ok) return failure('previous-checkpoint', prev.error);
    previousTreeSize = prev.value.treeSize;
    if (previousTreeSize > treeSize)
      return failure('previous-checkpoint', `it has ${previousTreeSize} receipts, more than the bundle's ${treeSize}`);
    if (!consistentWith(previousTreeSize, prev.value.rootHash, leafHashes, root)) {
      return failure(
        'previous-checkpoint',
        `the log's first ${previousTreeSize} receipts are not the ones the older checkpoint signed`,
      );
    }
  }
  return {
    ok: true,
    origin: opened.origin,
    treeSize,
    root: toHex(root),
    checkpointKid: cp.value.kid,
    previousTreeSize,
  };
};

/** A consistency proof computed from the leaves, verified as a client would verify a served one. */
const consistentWith = (size1: number, root1: Uint8Array, leafHashes: Uint8Array, root: Uint8Array): boolean => {
  if (size1 === 0) return equalBytes(root1, EMPTY_ROOT);
  const tree = new MemoryTree();
  for (let o = 0; o < leafHashes.length; o += HASH_SIZE) tree.append(leafHashes.subarray(o, o + HASH_SIZE));
  return verifyConsistency(size1, tree.size, tree.consistencyProof(size1), root1, root);
};

interface VerifyBundleOptions {
  /** An older signed checkpoint of the same log, to prove the log only grew since. */
  readonly previousCheckpoint?: string;
  /** Keys obtained out of band (the published JWKS); without them the bundle's own keys are trusted. */
  readonly trustedKeys?: readonly PublicReceiptKey[];
  readonly onProgress?: (done: number, total: number) => void;
}

/** Single-threaded verification of a parsed bundle; the CLI runs the receipt checks on all cores instead. */
export const verifyBundle = (bundle: unknown, options: VerifyBundleOptions = {}): BundleVerdict => {
  const opened = openBundle(bundle, options.trustedKeys);
  if (!opened.ok) return opened.error;
  const { receipts, keyMap, customerId } = opened.value;
  const { onProgress } = options;
  const range = checkReceiptRange(
    receipts,
    0,
    keyMap,
    customerId,
    onProgress && ((done) => onProgress(done, receipts.length)),
  );
  const merged = mergeRanges([range]);
  if (merged.failure !== null)
    return failure('receipt', merged.failure.reason, merged.failure.index, merged.failure.receiptId);
  return finishBundle(opened.value, merged.leafHashes, options.previousCheckpoint);
};
