/**
 * The insurer's certificate document, modelled on ACORD 25 (certificate of liability insurance).
 * This is what the insurer signs (as a JWS) and what our receipts stamp when contractual.
 */
export type CertificateStatus = 'active' | 'suspended' | 'revoked';

export interface Coverage {
  /** e.g. general_liability, professional_liability, cyber_liability */
  readonly type: string;
  /** Decimal string in the limit's currency. */
  readonly eachOccurrence: string;
  readonly aggregate: string;
  readonly currency: string;
}

export interface CertificateDocument {
  readonly certificateId: string;
  readonly policyNumber: string;
  readonly insurer: { readonly name: string; readonly naic: string };
  readonly insured: { readonly name: string; readonly reference: string };
  readonly coverages: readonly Coverage[];
  /** ISO 8601 instants, UTC. The certificate is live on [effectiveFrom, expiresAt). */
  readonly effectiveFrom: string;
  readonly expiresAt: string;
  readonly status: CertificateStatus;
  readonly issuedAt: string;
}

/** The stamp a contractual receipt carries. */
export interface InsuranceStamp {
  readonly certificateId: string;
  readonly policyNumber: string;
  readonly insurer: string;
  readonly expiresAt: string;
}

/** Live: status active and now inside [effectiveFrom, expiresAt). */
export const isActive = (cert: CertificateDocument, nowMs: number): boolean =>
  cert.status === 'active' && Date.parse(cert.effectiveFrom) <= nowMs && nowMs < Date.parse(cert.expiresAt);

export const stampOf = (cert: CertificateDocument): InsuranceStamp => ({
  certificateId: cert.certificateId,
  policyNumber: cert.policyNumber,
  insurer: cert.insurer.name,
  expiresAt: cert.expiresAt,
});
