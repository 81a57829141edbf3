/**
 * A generated, valid customer log (receipts, keys, checkpoints, bundle) for tests, the verifier CLI
 * tests and benchmarks. Deterministic keys from fixed seeds; optionally rotates keys part-way.
 */
import { createHash } from 'node:crypto';
import { buildBundle, buildBundle2 } from '../../src/domain/receipts/bundle.ts';
import type { ReceiptBundle, ReceiptBundle2 } from '../../src/domain/receipts/bundle.ts';
import { checkpointText, logOrigin, signCheckpoint } from '../../src/domain/receipts/checkpoint.ts';
import { cosign } from '../../src/domain/receipts/cosignature.ts';
import type { KeyLifecycle } from '../../src/domain/receipts/key-lifecycle.ts';
import { signingKeyFromSeed } from '../../src/domain/receipts/keys.ts';
import type { SigningKey } from '../../src/domain/receipts/keys.ts';
import { MemoryTree } from '../../src/domain/receipts/memory-tree.ts';
import { buildReceipt, nextPreviousHash, receiptLeafHash, signReceipt } from '../../src/domain/receipts/receipt.ts';
import { GENESIS_PREVIOUS_HASH, RECEIPT_KINDS } from '../../src/domain/receipts/receipt-format.ts';
import type { SignedReceipt } from '../../src/domain/receipts/receipt-format.ts';

interface SampleLog {
  readonly origin: string;
  readonly customerId: string;
  readonly keys: readonly SigningKey[];
  readonly receipts: readonly SignedReceipt[];
  readonly tree: MemoryTree;
  /** The signed checkpoint at any size up to the log's (signed by the key active at that size). */
  checkpointAt(size: number): string;
  bundle(): ReceiptBundle;
  /** A format-2 bundle: checkpoints at `sizes` (default: the whole log), each cosigned as `cosign` says. */
  bundle2(options?: Bundle2Options): ReceiptBundle2;
}

export interface SampleWitness {
  readonly name: string;
  readonly key: SigningKey;
}

interface Bundle2Options {
  readonly sizes?: readonly number[];
  /** Cosignatures on the checkpoint of each size: which witness, at which POSIX second. */
  readonly cosign?: (size: number) => readonly { readonly witness: SampleWitness; readonly at: number }[];
  /** Lifecycle of each sample key (default: key 1 made in 2025, retired at the rotation if any). */
  readonly lifecycles?: readonly KeyLifecycle[];
}

export const sampleWitness = (label: string): SampleWitness => ({
  name: `witness.example/${label}`,
  key: seedKey(`witness ${label}`),
});

export const seedKey = (label: string): SigningKey => signingKeyFromSeed(createHash('sha256').update(label).digest());

export const sampleLog = (options: {
  readonly count: number;
  readonly customerId?: string;
  readonly startMs?: number;
  /** Receipts from this log index on are signed by a second key. */
  readonly rotateAt?: number;
}): SampleLog => {
  const customerId = options.customerId ?? 'cus_01kf0000000000000000000000';
  const origin = logOrigin(customerId);
  const keys =
    options.rotateAt === undefined ? [seedKey('sample key 1')] : [seedKey('sample key 1'), seedKey('sample key 2')];
  const keyAt = (i: number): SigningKey =>
    (keys[options.rotateAt !== undefined && i >= options.rotateAt ? 1 : 0] ?? keys[0]) as SigningKey;
  const startMs = options.startMs ?? Date.UTC(2026, 0, 1);
  const receipts: SignedReceipt[] = [];
  const tree = new MemoryTree();
  let previousHash = GENESIS_PREVIOUS_HASH;
  for (let i = 0; i < options.count; i++) {
    const key = keyAt(i);
    const contractual = i % 3 === 2;
    const body = buildReceipt({
      customerId,
      logIndex: i,
      kind: RECEIPT_KINDS[i % RECEIPT_KINDS.length] ?? 'quote',
      mode: contractual ? 'prod' : 'eval',
      authority: contractual ? 'contractual' : 'advisory',
      nowMs: startMs + i * 1000,
      request: { op: 'sample', n: i },
      result: { ok: true, n: i },
      contractReference: contractual ? 'CTR-2026-001' : null,
      insurance: contractual
        ? {
            certificateId: 'cert_sample',
            policyNumber: 'POL-1',
            insurer: 'Sample Mutual',
            expiresAt: '2027-01-01T00:00:00.000Z',
          }
        : null,
      disclaimer: contractual ? null : 'Advisory only: evaluation mode, no contractual commitment.',
      previousHash,
      keyId: key.kid,
    });
    const receipt = signReceipt(body, key);
    receipts.push(receipt);
    tree.append(receiptLeafHash(receipt));
    previousHash = nextPreviousHash(receipt);
  }
  const checkpointAt = (size: number): string =>
    signCheckpoint({ origin, treeSize: size, rootHash: tree.root(size) }, keyAt(Math.max(0, size - 1)));
  return {
    origin,
    customerId,
    keys,
    receipts,
    tree,
    checkpointAt,
    bundle: () => buildBundle({ origin, keys, checkpoint: checkpointAt(receipts.length), receipts }),
    bundle2: (o = {}) => {
      const rotateIso =
        options.rotateAt === undefined ? null : new Date(startMs + options.rotateAt * 1000).toISOString();
      const lifecycles = o.lifecycles ?? [
        { createdAt: '2025-01-01T00:00:00.000Z', retiredAt: rotateIso, compromisedAt: null },
        { createdAt: rotateIso ?? '2025-01-01T00:00:00.000Z', retiredAt: null, compromisedAt: null },
      ];
      const sizes = o.sizes ?? [receipts.length];
      const checkpoints = sizes.map((size) => {
        const text = checkpointText({ origin, treeSize: size, rootHash: tree.root(size) });
        const lines = (o.cosign?.(size) ?? []).map((c) => cosign(text, c.witness.name, c.witness.key, c.at));
        return checkpointAt(size) + lines.join('');
      });
      return buildBundle2({
        origin,
        keys: keys.map((k, i) => ({ ...k, lifecycle: lifecycles[i] as KeyLifecycle })),
        checkpoints,
        receipts,
      });
    },
  };
};
