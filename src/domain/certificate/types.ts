/** The certificate lifecycle's data: states, the persisted record, events and check outcomes. Times are epoch ms. */
import type { CertificateDocument } from '../insurance/certificate.ts';

/**
 * - provisioning: a new certificate was requested from the insurer and is not issued (linked) yet.
 * - verifying: a certificate id is linked but not verified yet, or verified with coverage not started.
 * - active: verified, live, and further from expiry than the expiring window (30 days by default).
 * - expiring: verified and live, inside the expiring window, no renewal under way.
 * - expired: the certificate's expiresAt has passed. Recomputed on every read.
 * - suspended: the insurer reports the certificate suspended.
 * - revoked: the insurer reports the certificate revoked; only a new certificate (link, rotate, provision) leaves it.
 * - renewing: live, and a renewal is under way: requested from the insurer, or obtained and waiting for its start date.
 */
export const CERTIFICATE_STATES = [
  'provisioning',
  'verifying',
  'active',
  'expiring',
  'expired',
  'suspended',
  'revoked',
  'renewing',
] as const;
export type CertificateState = (typeof CERTIFICATE_STATES)[number];

/** Why a once-established certificate no longer supports writes. Entering any of these starts a recovery. */
export type DegradedReason =
  'expired' | 'revoked' | 'suspended' | 'verification_rejected' | 'unverifiable_beyond_grace';

/** Why a customer may not write, as `writable` answers it. */
export type ReadOnlyReason =
  DegradedReason | 'no_certificate' | 'not_effective' | 'awaiting_good_checks' | 'awaiting_operator';

export type FailureKind = 'transient' | 'permanent';

export interface FailureNote {
  readonly failure: FailureKind;
  /** The insurer client's classification code, e.g. `timeout`, `http_429`, `not_found`. */
  readonly code: string;
  readonly at: number;
}

export type WarningThreshold = 'days_30' | 'days_7' | 'days_1' | 'expired';

export interface RaisedWarning {
  readonly certificateId: string;
  readonly threshold: WarningThreshold;
  /** The expiry the warning was about: an insurer that moves the date gets warnings for the new one. */
  readonly expiresAt: string;
  readonly at: number;
}

export interface RenewalProgress {
  /** The certificate version this renewal replaces; a changed id or expiry re-plans it. */
  readonly forCertificateId: string;
  readonly forExpiresAt: string;
  /** A random instant inside the renewal window when the renewal starts by itself. */
  readonly dueAt: number;
  readonly startedAt: number | null;
  /** Renewal requests sent since the start. */
  readonly attempts: number;
  /** When the renewal request is (re)sent: after a backoff, or when an unanswered request times out. */
  readonly nextAttemptAt: number | null;
  readonly lastFailure: FailureNote | null;
  /** A permanent failure stopped automatic renewal; an operator must act. */
  readonly halted: boolean;
  /** The validated successor, switched in at its effectiveFrom. */
  readonly successor: CertificateDocument | null;
  readonly successorVerifiedAt: number | null;
}

export interface RecoveryProgress {
  /** When the customer became read-only. */
  readonly since: number;
  /** The latest degradation seen. */
  readonly reason: DegradedReason;
  /** Consecutive successful verifications of a live certificate since the last degradation. */
  readonly goodChecks: number;
  readonly operatorVerifiedAt: number | null;
  readonly operator: string | null;
}

/** The persisted per-customer lifecycle record. `state` is as of `updatedAt`: read it through `currentState`. */
export interface CertificateRecord {
  readonly customerId: string;
  readonly state: CertificateState;
  /** The linked certificate id (verified or not). */
  readonly certificateId: string | null;
  /** The insurer's document for certificateId as last verified; null until the first verification. */
  readonly certificate: CertificateDocument | null;
  readonly provisioningRequestId: string | null;
  readonly lastCheckAt: number | null;
  /** Last time the insurer confirmed certificateId; the grace (fallback validity) runs from here. */
  readonly lastVerifiedAt: number | null;
  readonly consecutiveFailures: number;
  readonly lastFailure: FailureNote | null;
  /** Set when the insurer answered that the certificate cannot be verified (permanent failure). */
  readonly rejectedAt: number | null;
  /** When the next insurer check is due. Persisted so a restart keeps the schedule. */
  readonly nextCheckAt: number | null;
  /** The earliest instant anything is due: a check, a warning, expiry, grace end, a renewal step. */
  readonly wakeAt: number | null;
  readonly renewal: RenewalProgress | null;
  /** Non-null while writes wait for recovery after a degradation. */
  readonly recovery: RecoveryProgress | null;
  /** Expiry warnings raised, across certificates (the newest WARNING_LEDGER_SIZE kept), so none is raised twice. */
  readonly warnings: readonly RaisedWarning[];
  readonly updatedAt: number;
  /** Incremented on every persisted change: use it for optimistic concurrency. */
  readonly version: number;
}

/**
 * What an insurer call produced. `permanent` means the insurer answered that THIS certificate cannot be
 * verified (unknown id, a bad signature on its document): the customer degrades at once. Everything else,
 * including our own credential problems (401/403) and the network, is `transient`: the grace applies.
 */
export type CheckOutcome =
  | { readonly kind: 'verified'; readonly certificate: CertificateDocument }
  | { readonly kind: 'failed'; readonly failure: FailureKind; readonly code: string };

export type LifecycleEvent =
  | { readonly type: 'provision_requested'; readonly requestId: string; readonly actor?: string }
  | { readonly type: 'linked'; readonly certificateId: string; readonly actor?: string }
  | { readonly type: 'check_succeeded'; readonly certificate: CertificateDocument }
  | { readonly type: 'check_failed'; readonly failure: FailureKind; readonly code: string }
  | { readonly type: 'tick' }
  | { readonly type: 'renewal_started'; readonly actor?: string }
  | { readonly type: 'renewal_obtained'; readonly certificate: CertificateDocument }
  | { readonly type: 'renewal_failed'; readonly failure: FailureKind; readonly code: string }
  | { readonly type: 'rotated'; readonly certificate: CertificateDocument; readonly actor?: string }
  | { readonly type: 'operator_recovered'; readonly actor: string };

export type LifecycleEventType = LifecycleEvent['type'];

export const eventOfCheck = (outcome: CheckOutcome): LifecycleEvent =>
  outcome.kind === 'verified'
    ? { type: 'check_succeeded', certificate: outcome.certificate }
    : { type: 'check_failed', failure: outcome.failure, code: outcome.code };

export const eventOfRenewal = (outcome: CheckOutcome): LifecycleEvent =>
  outcome.kind === 'verified'
    ? { type: 'renewal_obtained', certificate: outcome.certificate }
    : { type: 'renewal_failed', failure: outcome.failure, code: outcome.code };
