import { describe, expect, it } from 'vitest';
import { errorCatalog } from '../errors/catalog/index.ts';
import type { CertificateDocument } from './certificate.ts';
import { catalogCodeOf, codeForHttpStatus, insurerError, standingError, standingOf } from './insurer-error.ts';
import { PERMANENT_INSURER_ERRORS, TRANSIENT_INSURER_ERRORS } from './verification.ts';

const doc = (over: Partial<CertificateDocument> = {}): CertificateDocument => ({
  certificateId: 'cert_01',
  policyNumber: 'GL-1',
  insurer: { name: 'Mutual', naic: '12345' },
  insured: { name: 'Acme', reference: 'cus_1' },
  coverages: [],
  effectiveFrom: '2026-01-01T00:00:00Z',
  expiresAt: '2027-01-01T00:00:00Z',
  status: 'active',
  issuedAt: '2026-01-01T00:00:00Z',
  ...over,
});

describe('classification', () => {
  it.each([
    [401, 'unauthorized', 'permanent'],
    [403, 'forbidden', 'permanent'],
    [404, 'not_found', 'permanent'],
    [410, 'not_found', 'permanent'],
    [409, 'conflict', 'permanent'],
    [400, 'bad_request', 'permanent'],
    [422, 'bad_request', 'permanent'],
    [408, 'timeout', 'transient'],
    [429, 'rate_limited', 'transient'],
    [500, 'server_error', 'transient'],
    [503, 'server_error', 'transient'],
  ] as const)('HTTP %i is %s (%s)', (status, code, kind) => {
    expect(codeForHttpStatus(status)).toBe(code);
    expect(insurerError(codeForHttpStatus(status), 'x')).toMatchObject({ kind, retryable: kind === 'transient' });
  });

  it('maps every code to a catalog entry whose retryable flag agrees', () => {
    for (const code of [...PERMANENT_INSURER_ERRORS, ...TRANSIENT_INSURER_ERRORS]) {
      const spec = errorCatalog[catalogCodeOf(code)];
      expect(spec.retryable, code).toBe(insurerError(code, '').retryable);
    }
  });
});

describe('standing', () => {
  const at = (iso: string): number => Date.parse(iso);
  it('checks status first, then [effectiveFrom, expiresAt)', () => {
    expect(standingOf(doc(), at('2026-06-01T00:00:00Z'))).toBe('active');
    expect(standingOf(doc(), at('2025-12-31T23:59:59Z'))).toBe('not_yet_effective');
    expect(standingOf(doc(), at('2027-01-01T00:00:00Z'))).toBe('expired');
    expect(standingOf(doc({ status: 'revoked' }), at('2025-01-01T00:00:00Z'))).toBe('revoked');
    expect(standingOf(doc({ status: 'suspended' }), at('2026-06-01T00:00:00Z'))).toBe('suspended');
  });

  it('standingError carries the document, or is null when in force', () => {
    const cert = { document: doc(), jws: 'j', kid: 'k', verifiedAt: 0, source: 'network' as const };
    expect(standingError(cert, at('2026-06-01T00:00:00Z'))).toBeNull();
    expect(standingError(cert, at('2027-06-01T00:00:00Z'))).toMatchObject({
      code: 'certificate_expired',
      certificate: cert,
    });
  });
});
