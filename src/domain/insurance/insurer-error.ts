/** Classifying insurer failures (permanent or transient) and mapping them to catalog codes. Pure. */
import type { ErrorCode } from '../errors/catalog/index.ts';
import { isActive, type CertificateDocument } from './certificate.ts';
import {
  TRANSIENT_INSURER_ERRORS,
  type InsurerError,
  type InsurerErrorCode,
  type VerifiedCertificate,
} from './verification.ts';

const transient = new Set<string>(TRANSIENT_INSURER_ERRORS);

const isTransientCode = (code: InsurerErrorCode): boolean => transient.has(code);

interface InsurerErrorExtra {
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;
  readonly attempts?: number;
  readonly certificate?: VerifiedCertificate;
}

export const insurerError = (code: InsurerErrorCode, detail: string, extra: InsurerErrorExtra = {}): InsurerError => {
  const isTransient = isTransientCode(code);
  return { kind: isTransient ? 'transient' : 'permanent', code, retryable: isTransient, detail, ...extra };
};

/** The classification table for a non-2xx provider answer. */
export const codeForHttpStatus = (status: number): InsurerErrorCode => {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  return 'bad_request';
};

/** Where a certificate stands at an instant, status first, then dates. */
type CertificateStanding = 'active' | 'not_yet_effective' | 'expired' | 'suspended' | 'revoked';

export const standingOf = (doc: CertificateDocument, nowMs: number): CertificateStanding => {
  if (doc.status === 'revoked') return 'revoked';
  if (doc.status === 'suspended') return 'suspended';
  if (isActive(doc, nowMs)) return 'active';
  return nowMs < Date.parse(doc.effectiveFrom) ? 'not_yet_effective' : 'expired';
};

const standingCodes = {
  not_yet_effective: 'certificate_not_yet_effective',
  expired: 'certificate_expired',
  suspended: 'certificate_suspended',
  revoked: 'certificate_revoked',
} as const;

/** null when the certificate is in force; otherwise the permanent error carrying the authentic document. */
export const standingError = (cert: VerifiedCertificate, nowMs: number): InsurerError | null => {
  const standing = standingOf(cert.document, nowMs);
  if (standing === 'active') return null;
  return insurerError(standingCodes[standing], `certificate ${cert.document.certificateId} is ${standing}`, {
    certificate: cert,
  });
};

const catalogCodes: Record<InsurerErrorCode, ErrorCode> = {
  unauthorized: 'TAI-INSURER-CREDENTIALS',
  forbidden: 'TAI-INSURER-CREDENTIALS',
  not_found: 'TAI-INSURER-CERT-NOT-FOUND',
  conflict: 'TAI-INSURER-CONFLICT',
  bad_request: 'TAI-INSURER-BAD-REQUEST',
  malformed_response: 'TAI-INSURER-MALFORMED',
  bad_signature: 'TAI-INSURER-SIGNATURE-INVALID',
  unknown_key: 'TAI-INSURER-SIGNATURE-INVALID',
  certificate_expired: 'TAI-INSURER-CERT-EXPIRED',
  certificate_not_yet_effective: 'TAI-INSURER-CERT-NOT-YET-EFFECTIVE',
  certificate_suspended: 'TAI-INSURER-CERT-SUSPENDED',
  certificate_revoked: 'TAI-INSURER-CERT-REVOKED',
  timeout: 'TAI-INSURER-UNAVAILABLE',
  network: 'TAI-INSURER-UNAVAILABLE',
  server_error: 'TAI-INSURER-UNAVAILABLE',
  circuit_open: 'TAI-INSURER-UNAVAILABLE',
  deadline_exceeded: 'TAI-INSURER-UNAVAILABLE',
  jwks_unavailable: 'TAI-INSURER-UNAVAILABLE',
  rate_limited: 'TAI-INSURER-RATE-LIMITED',
  rate_limited_locally: 'TAI-INSURER-RATE-LIMITED',
};

/** The catalog code the edge throws (as a DomainError) when an insurer error reaches a customer. */
export const catalogCodeOf = (code: InsurerErrorCode): ErrorCode => catalogCodes[code];
