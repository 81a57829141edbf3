/**
 * The self-contained export bundle and its offline verification. Order of checks: the bundle's shape and
 * keys; then per receipt (first bad one wins) shape, signature under the named kid, the key's lifecycle,
 * logIndex, customer, previousHash chain and order; then the signed checkpoints (bundle-finish.ts): each
 * against the Merkle root of its prefix of the leaves, witnessed where witnesses are pinned, and, given
 * an older checkpoint, a consistency proof computed from the leaves.
 *
 * Two formats: `tai-receipt-bundle/1` (one checkpoint, bare keys) and `tai-receipt-bundle/2` (a list of
 * checkpoints with their cosignatures, keys with their lifecycle). Told apart by `format`.
 */
import { isDomainError } from '../errors/domain-error.ts';
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { checkReceiptRange, mergeRanges } from './bundle-range.ts';
import type { RangeKey } from './bundle-range.ts';
import { finishBundle } from './bundle-finish.ts';
import { failure } from './bundle-verdict.ts';
import type { BundleFailure, BundleVerdict, OpenedBundle } from './bundle-verdict.ts';
import type { FinishOptions } from './bundle-finish.ts';
import { lifecycleKeysFromJwks, stricterLifecycle } from './key-lifecycle.ts';
import type { KeyLifecycle, LifecycleKey } from './key-lifecycle.ts';
import type { PublicJwk, PublicReceiptKey } from './keys.ts';
import { toPublicJwk } from './keys.ts';
import { bundleJwks, publicKeysFromJwks } from './keyring.ts';
import type { Jwks } from './keyring.ts';
import { equalBytes } from './merkle-verify.ts';
import { isValidKeyName } from './note.ts';
import type { SignedReceipt } from './receipt-format.ts';

export const BUNDLE_FORMAT = 'tai-receipt-bundle/1';
export const BUNDLE_FORMAT_2 = 'tai-receipt-bundle/2';

export interface ReceiptBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly origin: string;
  readonly keys: Jwks;
  /** The latest signed checkpoint (C2SP signed note text); its tree size is receipts.length. */
  readonly checkpoint: string;
  readonly receipts: readonly SignedReceipt[];
}

/** A format-2 key entry: the public JWK and its lifecycle (no status: it follows from the dates). */
export type LifecycleJwk = PublicJwk & {
  readonly createdAt: string;
  readonly retiredAt?: string;
  readonly compromisedAt?: string;
};

export interface ReceiptBundle2 {
  readonly format: typeof BUNDLE_FORMAT_2;
  readonly origin: string;
  readonly keys: Jwks<LifecycleJwk>;
  /** Signed checkpoints, sizes rising, the last one covering every receipt; cosignature lines included. */
  readonly checkpoints: readonly string[];
  readonly receipts: readonly SignedReceipt[];
}

export type { BundleVerdict } from './bundle-verdict.ts';

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

export const lifecycleJwk = (key: PublicReceiptKey, l: KeyLifecycle): LifecycleJwk => ({
  ...toPublicJwk(key),
  createdAt: l.createdAt,
  ...(l.retiredAt === null ? {} : { retiredAt: l.retiredAt }),
  ...(l.compromisedAt === null ? {} : { compromisedAt: l.compromisedAt }),
});

export const buildBundle2 = (input: {
  origin: string;
  keys: readonly LifecycleKey[];
  checkpoints: readonly string[];
  receipts: readonly SignedReceipt[];
}): ReceiptBundle2 => ({
  format: BUNDLE_FORMAT_2,
  origin: input.origin,
  keys: { keys: input.keys.map((k) => lifecycleJwk(k, k.lifecycle)) },
  checkpoints: input.checkpoints,
  receipts: input.receipts,
});

const MEMBERS_1 = ['format', 'origin', 'keys', 'checkpoint', 'receipts'];
const MEMBERS_2 = ['format', 'origin', 'keys', 'checkpoints', 'receipts'];

const sameMembers = (names: readonly string[], want: readonly string[]): boolean =>
  names.length === want.length && want.every((m) => names.includes(m));

/** A bundle's keys with a pinned set: every bundle key must be pinned; lifecycles merge to the stricter. */
const pin = (keys: RangeKey[], trusted: readonly RangeKey[]): Result<RangeKey[], BundleFailure> => {
  const out: RangeKey[] = [];
  for (const k of keys) {
    const t = trusted.find((x) => x.kid === k.kid && equalBytes(x.raw, k.raw));
    if (t === undefined) return err(failure('keys', `key ${k.kid} is not among the trusted keys`));
    if (k.lifecycle === undefined || t.lifecycle === undefined) {
      const lifecycle = k.lifecycle ?? t.lifecycle;
      out.push(lifecycle === undefined ? k : { ...k, lifecycle });
      continue;
    }
    const l = stricterLifecycle(k.lifecycle, t.lifecycle);
    if (typeof l === 'string') return err(failure('keys', `key ${k.kid}: ${l}`));
    out.push({ ...k, lifecycle: l });
  }
  return ok(out);
};

/** Checks the bundle's frame and keys. With `trustedKeys`, every bundle key must be one of them. */
export const openBundle = (value: unknown, trustedKeys?: readonly RangeKey[]): Result<OpenedBundle, BundleFailure> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return err(failure('bundle', 'the bundle is not a JSON object'));
  const b = value as Record<string, unknown>;
  const names = Object.keys(b);
  const format = b['format'] === BUNDLE_FORMAT ? 1 : b['format'] === BUNDLE_FORMAT_2 ? 2 : null;
  if (format === null) return err(failure('bundle', `format must be ${BUNDLE_FORMAT} or ${BUNDLE_FORMAT_2}`));
  const members = format === 1 ? MEMBERS_1 : MEMBERS_2;
  if (!sameMembers(names, members))
    return err(failure('bundle', `a bundle of format ${format} has exactly the members ${members.join(', ')}`));
  const origin = b['origin'];
  const slash = typeof origin === 'string' ? origin.lastIndexOf('/') : -1;
  if (typeof origin !== 'string' || !isValidKeyName(origin) || slash < 1 || slash === origin.length - 1) {
    return err(failure('bundle', 'origin must be "<prefix>/<customer id>" without spaces or plus signs'));
  }
  let keys: RangeKey[];
  try {
    keys = format === 1 ? publicKeysFromJwks(b['keys']) : lifecycleKeysFromJwks(b['keys'], false);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return err(failure('keys', `${e.path ?? ''}: ${e.detail ?? e.message}`));
  }
  if (keys.length === 0) return err(failure('keys', 'the bundle has no keys'));
  if (trustedKeys !== undefined) {
    const pinned = pin(keys, trustedKeys);
    if (!pinned.ok) return pinned;
    keys = pinned.value;
  }
  const checkpoints = format === 1 ? [b['checkpoint']] : b['checkpoints'];
  if (!Array.isArray(checkpoints) || checkpoints.length === 0 || !checkpoints.every((c) => typeof c === 'string'))
    return err(
      failure(
        'checkpoint',
        format === 1
          ? 'the checkpoint must be the signed note text'
          : 'checkpoints must be a non-empty array of signed notes',
      ),
    );
  if (!Array.isArray(b['receipts'])) return err(failure('bundle', 'receipts must be an array'));
  return ok({
    format,
    origin,
    customerId: origin.slice(slash + 1),
    keys,
    keyMap: new Map(keys.map((k) => [k.kid, k])),
    checkpoints: checkpoints,
    receipts: b['receipts'] as unknown[],
  });
};

interface VerifyBundleOptions extends FinishOptions {
  /** Keys obtained out of band (the published JWKS); without them the bundle's own keys are trusted. */
  readonly trustedKeys?: readonly RangeKey[];
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
  return finishBundle(opened.value, merged, options);
};
