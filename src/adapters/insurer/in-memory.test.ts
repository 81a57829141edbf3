import { describe, expect, it } from 'vitest';
import type { CertificateDocument } from '../../domain/insurance/certificate.ts';
import { insurerError } from '../../domain/insurance/insurer-error.ts';
import { ManualClock } from '../../domain/shared/clock.ts';
import { createInMemoryInsurerClient } from './in-memory.ts';

const doc: CertificateDocument = {
  certificateId: 'cert_1',
  policyNumber: 'GL-1',
  insurer: { name: 'Mutual', naic: '12345' },
  insured: { name: 'Acme', reference: 'cus_1' },
  coverages: [],
  effectiveFrom: '2026-01-01T00:00:00Z',
  expiresAt: '2026-06-01T00:00:00Z',
  status: 'active',
  issuedAt: '2026-01-01T00:00:00Z',
};

describe('in-memory insurer', () => {
  it('verifies stored documents against its clock and fails as told', async () => {
    const clock = new ManualClock('2026-02-01T00:00:00Z');
    const insurer = createInMemoryInsurerClient(clock);
    expect(await insurer.verifyCertificate('cert_1')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    insurer.put(doc);
    expect((await insurer.verifyCertificate('cert_1')).ok).toBe(true);
    insurer.failWith('cert_1', insurerError('server_error', 'down'));
    expect(await insurer.verifyCertificate('cert_1')).toMatchObject({ ok: false, error: { code: 'server_error' } });
    insurer.failWith('cert_1', null);
    clock.set('2026-07-01T00:00:00Z');
    expect(await insurer.verifyCertificate('cert_1')).toMatchObject({
      ok: false,
      error: { code: 'certificate_expired' },
    });
    expect(insurer.calls).toEqual(['verify cert_1', 'verify cert_1', 'verify cert_1', 'verify cert_1']);
  });
});
