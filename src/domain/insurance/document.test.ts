import { describe, expect, it } from 'vitest';
import type { CertificateDocument } from './certificate.ts';
import { parseCertificateDocument, parseRevocationPayload } from './document.ts';

const doc: CertificateDocument = {
  certificateId: 'cert_01',
  policyNumber: 'GL-1',
  insurer: { name: 'Mutual', naic: '12345' },
  insured: { name: 'Acme', reference: 'cus_1' },
  coverages: [{ type: 'general_liability', eachOccurrence: '1000000', aggregate: '2000000.50', currency: 'USD' }],
  effectiveFrom: '2026-01-01T00:00:00Z',
  expiresAt: '2027-01-01T00:00:00.000Z',
  status: 'active',
  issuedAt: '2026-01-01T00:00:00Z',
};

describe('parseCertificateDocument', () => {
  it('accepts a valid document and drops unknown fields', () => {
    const r = parseCertificateDocument({ ...doc, extra: 'ignored' });
    expect(r).toEqual({ ok: true, value: doc });
  });

  it.each([
    [{ ...doc, certificateId: '' }, '/certificateId'],
    [{ ...doc, insurer: null }, '/insurer'],
    [{ ...doc, insured: { name: 'A' } }, '/insured/reference'],
    [{ ...doc, coverages: [] }, '/coverages'],
    [{ ...doc, coverages: [{ ...doc.coverages[0], aggregate: '1e6' }] }, '/coverages/0/aggregate'],
    [{ ...doc, coverages: [{ ...doc.coverages[0], currency: 'usd' }] }, '/coverages/0/currency'],
    [{ ...doc, effectiveFrom: '2026-01-01' }, '/effectiveFrom'],
    [{ ...doc, expiresAt: '2025-01-01T00:00:00Z' }, '/expiresAt'],
    [{ ...doc, status: 'expired' }, '/status'],
    [[doc], ''],
  ])('names the first bad field (%#)', (value, path) => {
    const r = parseCertificateDocument(value);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.split(':')[0]).toBe(path);
  });
});

describe('parseRevocationPayload', () => {
  it('accepts an optional reason and rejects a non-string one', () => {
    const base = { certificateId: 'cert_01', status: 'revoked', asOf: '2026-01-01T00:00:00Z' };
    expect(parseRevocationPayload(base)).toEqual({ ok: true, value: base });
    expect(parseRevocationPayload({ ...base, reason: 'fraud' })).toEqual({
      ok: true,
      value: { ...base, reason: 'fraud' },
    });
    expect(parseRevocationPayload({ ...base, reason: 7 }).ok).toBe(false);
    expect(parseRevocationPayload({ ...base, status: 'gone' }).ok).toBe(false);
  });
});
