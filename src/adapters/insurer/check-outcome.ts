/**
 * From an insurer client result to the lifecycle's CheckOutcome. A stale copy is not a verification: it
 * must not move lastVerifiedAt, or the fallback grace would never run out.
 */
import type { CheckOutcome } from '../../domain/certificate/types.ts';
import type { InsurerError, VerifiedCertificate } from '../../domain/insurance/verification.ts';
import type { Result } from '../../domain/shared/result.ts';

export const checkOutcomeOf = (r: Result<VerifiedCertificate, InsurerError>): CheckOutcome => {
  // An authentic document that is not in force is still a verification: the lifecycle judges its status and dates.
  const cert = r.ok ? r.value : r.error.certificate;
  if (cert !== undefined && cert.source !== 'stale') return { kind: 'verified', certificate: cert.document };
  if (cert !== undefined) return { kind: 'failed', failure: 'transient', code: cert.staleBecause ?? 'network' };
  return r.ok
    ? { kind: 'failed', failure: 'transient', code: 'network' }
    : { kind: 'failed', failure: r.error.kind, code: r.error.code };
};
