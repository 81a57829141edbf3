/** The insurer port: what the service asks of an insurance provider. Implementations: http-client.ts, in-memory.ts. */
import type { Result } from '../../domain/shared/result.ts';
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
export { isActive } from '../../domain/insurance/certificate.ts';

export interface CallOptions {
  /** Skip the fresh cache (on-demand checks). Stale-if-error still applies. */
  readonly fresh?: boolean;
  /** Overrides the overall deadline for this call. */
  readonly deadlineMs?: number;
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
}

/** Structured logger: `obj` first, as pino does. Never given keys or personal data. */
export interface InsurerLogger {
  info(obj: Readonly<Record<string, unknown>>, msg: string): void;
  warn(obj: Readonly<Record<string, unknown>>, msg: string): void;
  error(obj: Readonly<Record<string, unknown>>, msg: string): void;
}

export type MetricLabels = Readonly<Record<string, string>>;

/** Metrics callbacks; the lead binds them to Prometheus. Histogram values are seconds. */
export interface InsurerMetrics {
  counter(name: string, labels: MetricLabels, value?: number): void;
  histogram(name: string, labels: MetricLabels, value: number): void;
}

export const silentLogger: InsurerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
export const noopMetrics: InsurerMetrics = { counter: () => undefined, histogram: () => undefined };

/** Metric names, in one place for the dashboard and alert rules. */
export const INSURER_METRICS = {
  calls: 'tai_insurer_calls_total',
  callDuration: 'tai_insurer_call_duration_seconds',
  retries: 'tai_insurer_retries_total',
  breakerTransitions: 'tai_insurer_breaker_transitions_total',
  cacheLookups: 'tai_insurer_cache_lookups_total',
  jwksFetches: 'tai_insurer_jwks_fetches_total',
} as const;
