/**
 * The worked example of docs/receipts.md, computed: a fixed key seed, three receipts, their bytes and
 * hashes, the tree, the checkpoint, proofs and one audit row. docs-example.test.ts holds the document
 * to these values, so the document cannot drift from the code.
 */
import { chainAuditEvent, AUDIT_GENESIS, pseudonymize } from './audit-chain.ts';
import { signPruneAnchor } from './audit-anchor.ts';
import { lifecycleJwk } from './bundle.ts';
import { cosign, cosignatureMessage, formatVkey, witnessKey } from './cosignature.ts';
import { RECEIPT_CONTEXT } from './receipt-format.ts';
import { checkpointText, logOrigin, signCheckpoint } from './checkpoint.ts';
import { toBase64, toHex } from './encoding.ts';
import { signingKeyFromSeed } from './keys.ts';
import { leafHash, nodeHash } from './merkle.ts';
import { MemoryTree } from './memory-tree.ts';
import { noteKeyId } from './note.ts';
import { buildReceipt, leafBytesOf, nextPreviousHash, receiptLeafHash, signedBytesOf, signReceipt } from './receipt.ts';
import type { ReceiptInput } from './receipt.ts';
import { GENESIS_PREVIOUS_HASH } from './receipt-format.ts';
import type { SignedReceipt } from './receipt-format.ts';

const utf8 = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

export const workedExample = (): Record<string, string> => {
  const seed = Uint8Array.from({ length: 32 }, (_, i) => i);
  const key = signingKeyFromSeed(seed);
  const customerId = 'cus_01kf2a0000000000000000000z';
  const origin = logOrigin(customerId);
  const t0 = Date.UTC(2026, 0, 15, 9, 30);
  const inputs: Omit<ReceiptInput, 'logIndex' | 'previousHash' | 'keyId' | 'customerId'>[] = [
    {
      id: 'rcpt_01kf2a0000000000000000000a',
      kind: 'quote',
      mode: 'eval',
      authority: 'advisory',
      nowMs: t0,
      request: { sku: 'agent-hours', quantity: '120' },
      result: { total: '480.00', currency: 'USD' },
      contractReference: null,
      insurance: null,
      disclaimer: 'Advisory only: evaluation mode, no contractual commitment.',
    },
    {
      id: 'rcpt_01kf2a0000000000000000000b',
      kind: 'publish',
      mode: 'prod',
      authority: 'contractual',
      nowMs: t0 + 60_000,
      request: { listing: 'lst_01kf2a0000000000000000000c', price: '4.00' },
      result: { published: true },
      contractReference: 'CTR-2026-0042',
      insurance: {
        certificateId: 'cert_01kf2a0000000000000000000d',
        policyNumber: 'PL-778812',
        insurer: 'Example Mutual',
        expiresAt: '2027-01-01T00:00:00.000Z',
      },
      disclaimer: null,
    },
    {
      id: 'rcpt_01kf2a0000000000000000000e',
      kind: 'refusal',
      mode: 'prod',
      authority: 'advisory',
      nowMs: t0 + 120_000,
      request: { deployment: 'dep_01kf2a0000000000000000000f' },
      result: { refused: 'TAI-CERT-EXPIRED' },
      contractReference: 'CTR-2026-0042',
      insurance: null,
      disclaimer: 'Refused: no live insurance certificate.',
    },
  ];
  const receipts: SignedReceipt[] = [];
  let previousHash = GENESIS_PREVIOUS_HASH;
  inputs.forEach((input, logIndex) => {
    const r = signReceipt(buildReceipt({ ...input, customerId, logIndex, previousHash, keyId: key.kid }), key);
    receipts.push(r);
    previousHash = nextPreviousHash(r);
  });
  const [r0, r1] = receipts as [SignedReceipt, SignedReceipt];
  const tree = new MemoryTree();
  receipts.forEach((r) => tree.append(receiptLeafHash(r)));
  const [l0, l1, l2] = receipts.map(receiptLeafHash) as [Uint8Array, Uint8Array, Uint8Array];
  const root = tree.root();
  const audit = chainAuditEvent(AUDIT_GENESIS, {
    id: 'evt_01kf2a0000000000000000000g',
    nowMs: t0,
    type: 'auth.failure',
    actor: 'key_01kf2a0000000000000000000h',
    customerPseudonym: pseudonymize(customerId, 'example pseudonym secret'),
    outcome: 'denied',
    details: { reason: 'revoked key' },
  });
  const text = checkpointText({ origin, treeSize: 3, rootHash: root });
  const signedCheckpoint = signCheckpoint({ origin, treeSize: 3, rootHash: root }, key);
  const witnessSeed = Uint8Array.from({ length: 32 }, (_, i) => 0x20 + i);
  const witness = signingKeyFromSeed(witnessSeed);
  const witnessName = 'witness.example/w1';
  const witnessedAt = t0 / 1000 + 180;
  const body0 = signedBytesOf(r0.body);
  return {
    'seed-hex': toHex(seed),
    'public-key-hex': toHex(key.raw),
    kid: key.kid,
    origin,
    'receipt-context-hex': toHex(Buffer.from(RECEIPT_CONTEXT, 'utf8')),
    'signed-bytes-0': utf8(body0.subarray(Buffer.byteLength(RECEIPT_CONTEXT))),
    'signed-bytes-0-length': String(body0.length),
    'signed-bytes-0-sha256-of-request': r0.body.requestDigest,
    'signature-0': r0.signature,
    'leaf-bytes-0': utf8(leafBytesOf(r0)),
    'leaf-hash-0': toHex(l0),
    'signed-bytes-1': utf8(signedBytesOf(r1.body).subarray(Buffer.byteLength(RECEIPT_CONTEXT))),
    'leaf-hash-1': toHex(l1),
    'leaf-hash-2': toHex(l2),
    'node-01': toHex(nodeHash(l0, l1)),
    'root-3': toHex(root),
    'root-3-base64': toBase64(root),
    'checkpoint-text': checkpointText({ origin, treeSize: 3, rootHash: root }),
    'note-key-id': toHex(noteKeyId(origin, key.raw)),
    'signed-checkpoint': signedCheckpoint,
    'bundle-key': JSON.stringify(
      lifecycleJwk(key, { createdAt: '2026-01-01T00:00:00.000Z', retiredAt: null, compromisedAt: null }),
    ),
    'witness-seed-hex': toHex(witnessSeed),
    'witness-vkey': formatVkey(witnessKey(witnessName, witness.raw)),
    'cosignature-message': utf8(cosignatureMessage(text, witnessedAt)),
    'cosigned-checkpoint': signedCheckpoint + cosign(text, witnessName, witness, witnessedAt),
    'prune-anchor': JSON.stringify(signPruneAnchor({ seq: 1, hash: audit.hash }, t0 + 86_400_000, key)),
    'inclusion-proof-1': JSON.stringify({ leafIndex: 1, treeSize: 3, hashes: tree.inclusionProof(1, 3).map(toBase64) }),
    'consistency-proof-2-3': JSON.stringify({ from: 2, to: 3, hashes: tree.consistencyProof(2, 3).map(toBase64) }),
    'empty-leaf-hash': toHex(leafHash(new Uint8Array(0))),
    'audit-row-1': JSON.stringify(audit),
  };
};
