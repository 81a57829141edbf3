/**
 * A certificate's instants, parsed once per document object (documents are immutable). Every read
 * recomputes state from these, so parsing must be cheap.
 */
import type { CertificateDocument } from '../insurance/certificate.ts';

const spans = new WeakMap<CertificateDocument, { readonly from: number; readonly to: number }>();

const span = (cert: CertificateDocument): { readonly from: number; readonly to: number } => {
  let s = spans.get(cert);
  if (s === undefined) {
    s = { from: Date.parse(cert.effectiveFrom), to: Date.parse(cert.expiresAt) };
    spans.set(cert, s);
  }
  return s;
};

export const startsAt = (cert: CertificateDocument): number => span(cert).from;
export const expiresAt = (cert: CertificateDocument): number => span(cert).to;

/** Same answer as insurance/certificate.ts isActive: status active and nowMs inside [effectiveFrom, expiresAt). */
export const liveAt = (cert: CertificateDocument, nowMs: number): boolean => {
  const s = span(cert);
  return cert.status === 'active' && s.from <= nowMs && nowMs < s.to;
};
