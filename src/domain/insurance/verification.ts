/** What the insurer client hands back: verified certificates, request states, and classified errors. */
import type { CertificateDocument, CertificateStatus } from './certificate.ts';

export const PERMANENT_INSURER_ERRORS = [
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'bad_request',
  'malformed_response',
  'bad_signature',
  'unknown_key',
  'certificate_expired',
  'certificate_not_yet_effective',
  'certificate_suspended',
  'certificate_revoked',
] as const;

export const TRANSIENT_INSURER_ERRORS = [
  'timeout',
  'network',
  'server_error',
  'rate_limited',
  'rate_limited_locally',
  'circuit_open',
  'deadline_exceeded',
  'jwks_unavailable',
] as const;

export type PermanentInsurerErrorCode = (typeof PERMANENT_INSURER_ERRORS)[number];
export type TransientInsurerErrorCode = (typeof TRANSIENT_INSURER_ERRORS)[number];
export type InsurerErrorCode = PermanentInsurerErrorCode | TransientInsurerErrorCode;

/** Where a returned certificate came from: a live call, the fresh cache, or the stale-if-error fallback. */
export type CertificateSource = 'network' | 'cache' | 'stale';

export interface VerifiedCertificate {
  readonly document: CertificateDocument;
  /** The provider's compact JWS, kept as evidence. */
  readonly jws: string;
  readonly kid: string;
  /** When the signature was last verified on a live response (ms since epoch, injected clock). */
  readonly verifiedAt: number;
  readonly source: CertificateSource;
  /** Set when source is 'stale': the transient error the stale copy stands in for. */
  readonly staleBecause?: InsurerErrorCode;
}

export interface InsurerError {
  readonly kind: 'permanent' | 'transient';
  readonly code: InsurerErrorCode;
  /** Whether the same call later can succeed (true exactly for transient errors). */
  readonly retryable: boolean;
  /** For logs: no API key, no personal data. */
  readonly detail: string;
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;
  /** HTTP attempts made before giving up. */
  readonly attempts?: number;
  /** For certificate_* errors: the authentic document that is not in force. */
  readonly certificate?: VerifiedCertificate;
}

export interface InsuredParty {
  readonly name: string;
  readonly reference: string;
}

export interface CertificateRequestTicket {
  readonly requestId: string;
  /** Provider's hint for the first poll. */
  readonly pollAfterMs: number;
}

export type CertificateRequestState =
  | { readonly status: 'pending'; readonly requestId: string; readonly retryAfterMs: number }
  | { readonly status: 'issued'; readonly requestId: string; readonly certificate: VerifiedCertificate }
  | { readonly status: 'rejected'; readonly requestId: string; readonly reason: string };

export interface RevocationStatus {
  readonly certificateId: string;
  readonly status: CertificateStatus;
  readonly asOf: string;
  readonly reason?: string;
  readonly kid: string;
}
