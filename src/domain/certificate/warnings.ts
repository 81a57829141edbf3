/** Expiry warnings: 30 days (internal), 7 days (customer), 1 day (on-call), at expiry (critical); each once per certificate. */
import type { CertificateDocument } from '../insurance/certificate.ts';
import { expiresAt, startsAt } from './dates.ts';
import { WARNING_THRESHOLDS, type LifecyclePolicy } from './policy.ts';
import type { CertificateRecord, RaisedWarning, WarningThreshold } from './types.ts';

/** Enough history that re-linking any plausible earlier certificate cannot raise its warnings again. */
export const WARNING_LEDGER_SIZE = 64;

/** A validated successor that starts no later than the current certificate ends makes warnings moot. */
const successorCovers = (record: CertificateRecord, cert: CertificateDocument): boolean => {
  const successor = record.renewal?.successor ?? null;
  return successor !== null && startsAt(successor) <= expiresAt(cert);
};

/** The certificate warnings are watched for, if any: the current one while the insurer calls it active. */
export const watchedCertificate = (record: CertificateRecord): CertificateDocument | null => {
  const cert = record.certificate;
  if (cert === null || cert.status !== 'active' || successorCovers(record, cert)) return null;
  return cert;
};

const warningInstant = (cert: CertificateDocument, threshold: WarningThreshold, policy: LifecyclePolicy): number =>
  expiresAt(cert) - policy.warningOffsetsMs[threshold];

const isRaised = (
  ledger: readonly RaisedWarning[],
  cert: CertificateDocument,
  threshold: WarningThreshold,
): boolean => {
  for (const r of ledger)
    if (r.threshold === threshold && r.certificateId === cert.certificateId && r.expiresAt === cert.expiresAt)
      return true;
  return false;
};

const NONE: readonly WarningThreshold[] = Object.freeze([]);

/** Thresholds crossed at `nowMs` and not raised yet for the watched certificate, in threshold order. */
export const dueWarnings = (
  record: CertificateRecord,
  nowMs: number,
  policy: LifecyclePolicy,
): readonly WarningThreshold[] => {
  const cert = watchedCertificate(record);
  if (cert === null) return NONE;
  let due: WarningThreshold[] | null = null;
  for (const t of WARNING_THRESHOLDS) {
    if (warningInstant(cert, t, policy) <= nowMs && !isRaised(record.warnings, cert, t)) (due ??= []).push(t);
  }
  return due ?? NONE;
};

/** The next instant a warning falls due, strictly after `nowMs`. */
export const nextWarningAt = (record: CertificateRecord, nowMs: number, policy: LifecyclePolicy): number | null => {
  const cert = watchedCertificate(record);
  if (cert === null) return null;
  let next: number | null = null;
  for (const t of WARNING_THRESHOLDS) {
    const at = warningInstant(cert, t, policy);
    if (at > nowMs && (next === null || at < next) && !isRaised(record.warnings, cert, t)) next = at;
  }
  return next;
};
