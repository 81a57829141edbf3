import { describe, expect, it } from 'vitest';
import type { CertificateDocument } from '../../domain/insurance/certificate.ts';
import { insurerError } from '../../domain/insurance/insurer-error.ts';
import type { VerifiedCertificate } from '../../domain/insurance/verification.ts';
import { err, ok } from '../../domain/shared/result.ts';
import { checkOutcomeOf } from './check-outcome.ts';

const document = { certificateId: 'cert_1', status: 'revoked' } as unknown as CertificateDocument;
const cert = (source: VerifiedCertificate['source']): VerifiedCertificate => ({
  document,
  jws: 'j',
  kid: 'k',
  verifiedAt: 0,
  source,
  ...(source === 'stale' ? { staleBecause: 'timeout' as const } : {}),
});

describe('checkOutcomeOf', () => {
  it('a live or fresh-cache certificate is verified, whatever its status', () => {
    expect(checkOutcomeOf(ok(cert('network')))).toEqual({ kind: 'verified', certificate: document });
    expect(checkOutcomeOf(err(insurerError('certificate_revoked', 'x', { certificate: cert('cache') })))).toEqual({
      kind: 'verified',
      certificate: document,
    });
  });

  it('a stale copy is a transient failure, so the grace keeps running', () => {
    expect(checkOutcomeOf(ok(cert('stale')))).toEqual({ kind: 'failed', failure: 'transient', code: 'timeout' });
    expect(checkOutcomeOf(err(insurerError('certificate_expired', 'x', { certificate: cert('stale') })))).toEqual({
      kind: 'failed',
      failure: 'transient',
      code: 'timeout',
    });
  });

  it('other errors keep their classification', () => {
    expect(checkOutcomeOf(err(insurerError('bad_signature', 'x')))).toEqual({
      kind: 'failed',
      failure: 'permanent',
      code: 'bad_signature',
    });
    expect(checkOutcomeOf(err(insurerError('circuit_open', 'x')))).toEqual({
      kind: 'failed',
      failure: 'transient',
      code: 'circuit_open',
    });
  });
});
