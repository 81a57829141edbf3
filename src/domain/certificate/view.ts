/**
 * Reads of a lifecycle record, recomputed from the certificate's dates at `nowMs` on every call, so a stored
 * `active` read after expiry is `expired` (the failure of cert-manager issue #7895 cannot happen here).
 */
import type { CertificateDocument } from '../insurance/certificate.ts';
import { expiresAt, liveAt, startsAt } from './dates.ts';
import { defaultLifecyclePolicy, type LifecyclePolicy } from './policy.ts';
import type {
  CertificateRecord,
  CertificateState,
  DegradedReason,
  FailureNote,
  ReadOnlyReason,
  RaisedWarning,
  RecoveryProgress,
} from './types.ts';

export type WritableAnswer = { readonly ok: true } | { readonly ok: false; readonly reason: ReadOnlyReason };

const WRITABLE: WritableAnswer = Object.freeze({ ok: true });
const READ_ONLY = new Map<ReadOnlyReason, WritableAnswer>();
const readOnly = (reason: ReadOnlyReason): WritableAnswer => {
  let answer = READ_ONLY.get(reason);
  if (answer === undefined) {
    answer = Object.freeze({ ok: false, reason });
    READ_ONLY.set(reason, answer);
  }
  return answer;
};

const DEGRADED: ReadonlySet<ReadOnlyReason> = new Set<ReadOnlyReason>([
  'expired',
  'revoked',
  'suspended',
  'verification_rejected',
  'unverifiable_beyond_grace',
]);
const isDegradedReason = (reason: ReadOnlyReason): reason is DegradedReason => DEGRADED.has(reason);

/** A validated successor counts from its effectiveFrom, even before a transition has switched it in. */
const successorInForce = (record: CertificateRecord, nowMs: number): CertificateDocument | null => {
  const successor = record.renewal?.successor ?? null;
  return successor !== null && startsAt(successor) <= nowMs ? successor : null;
};

/** The certificate that governs the customer at `nowMs`. */
export const effectiveCertificate = (record: CertificateRecord, nowMs: number): CertificateDocument | null =>
  successorInForce(record, nowMs) ?? record.certificate;

/** When the insurer last confirmed the effective certificate (or, for a switched-in successor, our coverage). */
export const lastVerification = (record: CertificateRecord, nowMs: number): number | null => {
  if (successorInForce(record, nowMs) === null) return record.lastVerifiedAt;
  return Math.max(record.lastVerifiedAt ?? 0, record.renewal?.successorVerifiedAt ?? 0);
};

/** When the fallback validity runs out: grace after the last verification, never past expiry. */
export const graceEndsAt = (record: CertificateRecord, nowMs: number, policy: LifecyclePolicy): number | null => {
  const cert = effectiveCertificate(record, nowMs);
  const verifiedAt = lastVerification(record, nowMs);
  if (cert === null || verifiedAt === null) return null;
  return Math.min(verifiedAt + policy.graceMs, expiresAt(cert));
};

/** The degradation in force at `nowMs`, if any. */
export const degradation = (
  record: CertificateRecord,
  nowMs: number,
  policy: LifecyclePolicy,
): DegradedReason | null => {
  const successor = successorInForce(record, nowMs);
  const cert = successor ?? record.certificate;
  if (cert === null) return null;
  if (cert.status === 'revoked') return 'revoked';
  if (cert.status === 'suspended') return 'suspended';
  if (nowMs >= expiresAt(cert)) return 'expired';
  if (successor === null && record.rejectedAt !== null) return 'verification_rejected';
  const verifiedAt = lastVerification(record, nowMs);
  if (verifiedAt === null || nowMs >= verifiedAt + policy.graceMs) return 'unverifiable_beyond_grace';
  return null;
};

/** Read-only because a certificate lapsed or a recovery is pending (what lifecycleView calls degraded). */
export const degradedReadOnly = (record: CertificateRecord, nowMs: number, policy: LifecyclePolicy): boolean => {
  const answer = writable(record, nowMs, policy);
  return !answer.ok && (record.recovery !== null || isDegradedReason(answer.reason));
};

/** Whether the customer may write now, and why not. Allocation-free. */
export const writable = (
  record: CertificateRecord,
  nowMs: number,
  policy: LifecyclePolicy = defaultLifecyclePolicy,
): WritableAnswer => {
  const cert = effectiveCertificate(record, nowMs);
  if (cert === null) return readOnly('no_certificate');
  const degraded = degradation(record, nowMs, policy);
  if (degraded !== null) return readOnly(degraded);
  if (nowMs < startsAt(cert)) return readOnly('not_effective');
  const recovery = record.recovery;
  if (recovery !== null) {
    if (recovery.goodChecks < policy.recoveryGoodChecks) return readOnly('awaiting_good_checks');
    if (policy.recoveryPolicy === 'manual' && recovery.operatorVerifiedAt === null)
      return readOnly('awaiting_operator');
  }
  return WRITABLE;
};

/** The lifecycle state at `nowMs`, derived from the record's facts; the stored `state` is never trusted. */
export const currentState = (
  record: CertificateRecord,
  nowMs: number,
  policy: LifecyclePolicy = defaultLifecyclePolicy,
): CertificateState => {
  const cert = effectiveCertificate(record, nowMs);
  if (record.provisioningRequestId !== null && (cert === null || !liveAt(cert, nowMs))) return 'provisioning';
  if (cert === null) return 'verifying';
  if (cert.status === 'revoked') return 'revoked';
  if (cert.status === 'suspended') return 'suspended';
  const end = expiresAt(cert);
  if (nowMs >= end) return 'expired';
  if (nowMs < startsAt(cert)) return 'verifying';
  const renewal = record.renewal;
  if (
    renewal !== null &&
    renewal.forCertificateId === cert.certificateId &&
    renewal.startedAt !== null &&
    !renewal.halted
  ) {
    return 'renewing';
  }
  return nowMs >= end - policy.expiringWindowMs ? 'expiring' : 'active';
};

/** Everything the admin and customer insurance endpoints show, as of `at`. */
export interface LifecycleView {
  readonly customerId: string;
  readonly at: number;
  readonly state: CertificateState;
  readonly certificate: CertificateDocument | null;
  readonly writable: WritableAnswer;
  /** Read-only because a certificate lapsed or a recovery is pending, as opposed to never verified. */
  readonly degraded: boolean;
  readonly graceEndsAt: number | null;
  readonly lastCheckAt: number | null;
  readonly lastVerifiedAt: number | null;
  readonly nextCheckAt: number | null;
  readonly consecutiveFailures: number;
  readonly lastFailure: FailureNote | null;
  readonly recovery: RecoveryProgress | null;
  readonly renewal: {
    readonly dueAt: number;
    readonly startedAt: number | null;
    readonly halted: boolean;
    readonly successorId: string | null;
  } | null;
  readonly warningsRaised: readonly RaisedWarning[];
}

export const lifecycleView = (
  record: CertificateRecord,
  nowMs: number,
  policy: LifecyclePolicy = defaultLifecyclePolicy,
): LifecycleView => {
  const answer = writable(record, nowMs, policy);
  const renewal = record.renewal;
  return {
    customerId: record.customerId,
    at: nowMs,
    state: currentState(record, nowMs, policy),
    certificate: effectiveCertificate(record, nowMs),
    writable: answer,
    degraded: !answer.ok && (record.recovery !== null || isDegradedReason(answer.reason)),
    graceEndsAt: graceEndsAt(record, nowMs, policy),
    lastCheckAt: record.lastCheckAt,
    lastVerifiedAt: lastVerification(record, nowMs),
    nextCheckAt: record.nextCheckAt,
    consecutiveFailures: record.consecutiveFailures,
    lastFailure: record.lastFailure,
    recovery: record.recovery,
    renewal:
      renewal === null
        ? null
        : {
            dueAt: renewal.dueAt,
            startedAt: renewal.startedAt,
            halted: renewal.halted,
            successorId: renewal.successor?.certificateId ?? null,
          },
    warningsRaised: record.warnings,
  };
};
