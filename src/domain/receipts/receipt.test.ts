/** Receipts: building (and refusing bad input), signing, leaf bytes and the previousHash chain. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DomainError } from '../errors/domain-error.ts';
import { canonicalize } from '../shared/canonical-json.ts';
import { isId } from '../shared/ids.ts';
import { generateSigningKey } from './keys.ts';
import {
  buildReceipt,
  digestOf,
  firstChainBreak,
  leafBytesOf,
  receiptLeafHash,
  sealReceipt,
  signReceipt,
  verifyReceiptSignature,
} from './receipt.ts';
import type { ReceiptInput } from './receipt.ts';
import { GENESIS_PREVIOUS_HASH } from './receipt-format.ts';
import type { SignedReceipt } from './receipt-format.ts';
import { sampleLog, seedKey } from '../../../test/support/sample-log.ts';

const key = seedKey('receipt test');
const stamp = {
  certificateId: 'cert_1',
  policyNumber: 'POL-9',
  insurer: 'Acme Mutual',
  expiresAt: '2027-01-01T00:00:00Z',
};
const base: ReceiptInput = {
  customerId: 'cus_01kf0000000000000000000000',
  logIndex: 0,
  kind: 'publish',
  mode: 'prod',
  authority: 'contractual',
  nowMs: Date.UTC(2026, 2, 1, 12),
  request: { listing: 'x', price: '10.00' },
  result: { listingId: 'lst_1' },
  contractReference: 'CTR-1',
  insurance: stamp,
  disclaimer: null,
  previousHash: GENESIS_PREVIOUS_HASH,
  keyId: key.kid,
};

const refusal = (input: Partial<ReceiptInput>): { code: string; path: string | undefined } | null => {
  try {
    buildReceipt({ ...base, ...input });
    return null;
  } catch (e) {
    return { code: (e as DomainError).code, path: (e as DomainError).path };
  }
};

describe('buildReceipt', () => {
  it('fills every member; digests are SHA-256 of the RFC 8785 bytes', () => {
    const body = buildReceipt(base);
    expect(isId('rcpt', body.id)).toBe(true);
    expect(body).toMatchObject({
      issuedAt: '2026-03-01T12:00:00.000Z',
      disclaimer: null,
      logIndex: 0,
    });
    const want = createHash('sha256').update('{"listing":"x","price":"10.00"}').digest('hex');
    expect(body.requestDigest).toBe(want);
    expect(digestOf({ price: '10.00', listing: 'x' })).toBe(want);
    // Format 2: the 14 members of format 1 and `format`.
    expect(Object.keys(body)).toHaveLength(15);
    expect(body.format).toBe('tai-receipt/2');
    expect(body.insurance?.expiresAt).toBe('2027-01-01T00:00:00.000Z');
  });

  it('accepts new snake_case kinds (the union is open)', () => {
    expect(buildReceipt({ ...base, kind: 'invoice_issued' }).kind).toBe('invoice_issued');
  });

  it('refuses bodies that break the format, naming the field', () => {
    expect(refusal({ insurance: null })).toEqual({ code: 'TAI-RECEIPT-INVALID', path: '/insurance' });
    expect(refusal({ authority: 'advisory', disclaimer: 'x' })).toEqual({
      code: 'TAI-RECEIPT-INVALID',
      path: '/insurance',
    });
    expect(refusal({ authority: 'advisory', insurance: null })).toEqual({
      code: 'TAI-RECEIPT-INVALID',
      path: '/disclaimer',
    });
    expect(refusal({ mode: 'eval' })).toEqual({ code: 'TAI-RECEIPT-INVALID', path: '/authority' });
    expect(refusal({ previousHash: 'ab' })?.path).toBe('/previousHash');
    expect(refusal({ kind: 'Publish' })?.path).toBe('/kind');
    expect(refusal({ logIndex: -1 })?.path).toBe('/logIndex');
    expect(refusal({ customerId: 'cus 1' })?.path).toBe('/customerId');
    expect(refusal({ keyId: 'k1' })?.path).toBe('/keyId');
    expect(refusal({ contractReference: '' })?.path).toBe('/contractReference');
    expect(refusal({ insurance: { ...stamp, insurer: '' } })?.path).toBe('/insurance/insurer');
    expect(refusal({ nowMs: Number.NaN })).toEqual({ code: 'TAI-RECEIPT-INVALID', path: '/issuedAt' });
    expect(refusal({ authority: 'advisory', insurance: null, disclaimer: 'Advisory only.', mode: 'eval' })).toBeNull();
  });
});

describe('signing and leaves', () => {
  const receipt = signReceipt(buildReceipt(base), key);

  it('signs the RFC 8785 body; any change or another key fails', () => {
    expect(receipt.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(verifyReceiptSignature(receipt, key)).toBe(true);
    expect(verifyReceiptSignature({ ...receipt, body: { ...receipt.body, resultDigest: '0'.repeat(64) } }, key)).toBe(
      false,
    );
    expect(verifyReceiptSignature({ ...receipt, body: { ...receipt.body, logIndex: 1 } }, key)).toBe(false);
    const other = generateSigningKey();
    expect(verifyReceiptSignature(receipt, other)).toBe(false);
    expect(() => signReceipt(buildReceipt(base), other)).toThrow();
  });

  it('has leaf bytes = RFC 8785 of {body, signature} and leaf hash = SHA-256(0x00 || leaf)', () => {
    const leaf = leafBytesOf(receipt);
    expect(Buffer.from(leaf).toString('utf8')).toBe(canonicalize({ signature: receipt.signature, body: receipt.body }));
    const want = createHash('sha256')
      .update(Buffer.concat([Buffer.of(0), leaf]))
      .digest('hex');
    expect(Buffer.from(receiptLeafHash(receipt)).toString('hex')).toBe(want);
  });

  it('seals from one serialization exactly what signing, canonicalizing and hashing separately give', () => {
    for (const input of [base, { ...base, logIndex: 7, request: { b: [1, 2], a: 'é' } }]) {
      const body = buildReceipt(input);
      const sealed = sealReceipt(body, key);
      expect(sealed.receipt).toEqual(signReceipt(body, key));
      expect(sealed.canonicalBody).toBe(canonicalize(body));
      expect(Buffer.from(sealed.leafHash)).toEqual(Buffer.from(receiptLeafHash(sealed.receipt)));
    }
    expect(() => sealReceipt(buildReceipt(base), generateSigningKey())).toThrow();
  });
});

describe('firstChainBreak', () => {
  const { receipts } = sampleLog({ count: 6 });

  it('accepts an intact log and names the first break after a change, a removal or a swap', () => {
    expect(firstChainBreak(receipts)).toBeNull();
    const removed = [...receipts.slice(0, 2), ...receipts.slice(3)];
    expect(firstChainBreak(removed)).toMatchObject({ position: 2, reason: 'logIndex is 3, expected 2' });
    const swapped = [receipts[0], receipts[2], receipts[1], ...receipts.slice(3)] as SignedReceipt[];
    expect(firstChainBreak(swapped)?.position).toBe(1);
    const relinked = receipts.map((r, i) =>
      i === 4 ? { ...r, body: { ...r.body, previousHash: GENESIS_PREVIOUS_HASH } } : r,
    );
    expect(firstChainBreak(relinked)?.position).toBe(4);
    expect(
      firstChainBreak(receipts.slice(3), 3, Buffer.from(receiptLeafHash(receipts[2] as SignedReceipt)).toString('hex')),
    ).toBeNull();
  });
});
