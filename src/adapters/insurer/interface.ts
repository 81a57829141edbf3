/** The insurer port: what the service asks of an insurance provider. Implementations: http-client.ts, in-memory.ts. */
import type { Result } from '../../domain/shared/result.ts';
import type { SpanHandle } from '../tracing/spans.ts';
import type {
  CertificateRequestState,
  CertificateRequestTicket,
  InsuredParty,
  InsurerError,
  RevocationStatus,
  VerifiedCertificate,
} from '../../domain/insurance/verification.ts';

export type {
  CertificateRequestState,
  CertificateRequestTicket,
  InsuredParty,
  InsurerError,
  RevocationStatus,
  VerifiedCertificate,
} from '../../domain/insurance/verification.ts';
export interface CallOptions {
  /** Skip the fresh cache (on-demand checks). Stale-if-error still applies. */
  readonly fresh?: boolean;
  /** Overrides the overall deadline for this call. */
  readonly deadlineMs?: number;
  /** The span the call's own span goes under, with tracing on. */
  readonly trace?: SpanHandle | undefined;
}

export interface InsurerClient {
  /** Authentic AND in force now; certificate_* errors carry the authentic document. */
  verifyCertificate(certificateId: string, options?: CallOptions): Promise<Result<VerifiedCertificate, InsurerError>>;
  /** Authentic, whatever its status or dates. */
  getCertificateDetails(
    certificateId: string,
    options?: CallOptions,
  ): Promise<Result<VerifiedCertificate, InsurerError>>;
  /** Signed revocation status, never cached. */
  getRevocationStatus(certificateId: string, options?: CallOptions): Promise<Result<RevocationStatus, InsurerError>>;
  requestCertificate(
    insured: InsuredParty,
    options?: CallOptions,
  ): Promise<Result<CertificateRequestTicket, InsurerError>>;
  pollCertificateRequest(
    requestId: string,
    options?: CallOptions,
  ): Promise<Result<CertificateRequestState, InsurerError>>;
  renewCertificate(
    certificateId: string,
    options?: CallOptions,
  ): Promise<Result<CertificateRequestTicket, InsurerError>>;
  /** What the client knows of the insurer without calling it: its circuit breaker, or that none is configured. */
  health(): InsurerHealth;
}

export interface InsurerHealth {
  /** `unconfigured`: no insurer URL is set. */
  readonly breaker: 'closed' | 'open' | 'half_open' | 'unconfigured';
  /** Calls made in the last rate-limit window against the provider's limit (absent without an HTTP insurer). */
  readonly calls?: { readonly inWindow: number; readonly limit: number; readonly windowMs: number };
}

/** Metric names of the client, from the catalog (domain/metrics/catalog.ts). */
export const INSURER_METRICS = {
  calls: 'tai_insurer_requests_total',
  callDuration: 'tai_insurer_request_duration_seconds',
  retries: 'tai_insurer_retries_total',
  breakerTransitions: 'tai_insurer_breaker_transitions_total',
  breakerOpen: 'tai_insurer_breaker_open',
  cacheLookups: 'tai_insurer_cache_total',
  jwksFetches: 'tai_insurer_jwks_fetches_total',
} as const;
