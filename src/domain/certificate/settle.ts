/**
 * The time-driven steps every transition runs around its event: switching in a due successor, entering
 * and completing recovery, planning and advancing the renewal, and raising expiry warnings.
 */
import type { CertificateDocument } from '../insurance/certificate.ts';
import { isoOf } from '../shared/clock.ts';
import { expiresAt, liveAt, startsAt } from './dates.ts';
import { audit, metric, notify, type Step } from './draft.ts';
import { renewalDueAt } from './timing.ts';
import type { DegradedReason } from './types.ts';
import { degradation } from './view.ts';
import { WARNING_LEDGER_SIZE, dueWarnings, watchedCertificate } from './warnings.ts';

const THRESHOLD_NAMES = { days_30: '30d', days_7: '7d', days_1: '1d' } as const;
const WARNING_SEVERITY = { days_30: 'info', days_7: 'warning', days_1: 'warning' } as const;

/**
 * One notice per degradation, for the customer and on-call alike: the certificate's own type when the
 * certificate is the cause (expiry is told by the `expired` warning), otherwise that the customer is read-only.
 */
const notifyDegraded = (s: Step, reason: DegradedReason): void => {
  const d = s.d;
  const opts = { dedupe: `${d.certificateId}:${s.now}`, incident: 'trigger' } as const;
  const cert = { certificateId: d.certificateId, expiresAt: d.certificate?.expiresAt ?? null, reason };
  switch (reason) {
    case 'expired':
      return;
    case 'revoked':
      return notify(s, 'certificate.revoked', 'critical', cert, opts);
    case 'suspended':
      return notify(s, 'certificate.suspended', 'critical', cert, opts);
    case 'unverifiable_beyond_grace': {
      const verified = d.lastVerifiedAt === null ? null : isoOf(d.lastVerifiedAt);
      notify(s, 'insurer.grace_exhausted', 'critical', { graceEndedAt: isoOf(s.now), lastVerifiedAt: verified }, opts);
      return notify(s, 'customer.read_only', 'critical', { reason, since: isoOf(s.now) }, opts);
    }
    case 'verification_rejected':
      return notify(s, 'customer.read_only', 'critical', { reason, since: isoOf(s.now) }, opts);
  }
};

const degradationOf = (s: Step): DegradedReason | null => degradation(s.d, s.now, s.policy);

/** Make `cert` current; the old certificate is archived. */
export const switchTo = (s: Step, cert: CertificateDocument, verifiedAt: number): void => {
  const d = s.d;
  const old = d.certificate;
  if (old !== null && old.certificateId !== cert.certificateId) {
    s.fx.push({
      kind: 'persist',
      entity: 'certificate_archive',
      customerId: d.customerId,
      certificate: old,
      replacedBy: cert.certificateId,
    });
  }
  d.certificateId = cert.certificateId;
  d.certificate = cert;
  d.lastVerifiedAt = Math.max(d.lastVerifiedAt ?? verifiedAt, verifiedAt);
  d.consecutiveFailures = 0;
  d.rejectedAt = null;
  d.renewal = null;
  d.provisioningRequestId = null;
  metric(s, 'tai_certificate_rotations_total');
};

/** A successor obtained ahead of time takes over at its effectiveFrom, then gets verified promptly. */
export const switchToSuccessorIfDue = (s: Step): void => {
  const renewal = s.d.renewal;
  const successor = renewal?.successor ?? null;
  if (renewal === null || successor === null || startsAt(successor) > s.now) return;
  const previous = s.d.certificateId;
  switchTo(s, successor, renewal.successorVerifiedAt ?? s.now);
  s.d.nextCheckAt = s.now;
  s.switched = true;
  audit(s, 'switched_to_successor', 'ok', { from: previous, to: successor.certificateId });
};

/** Enter (or restart) recovery while a degradation holds: good checks and operator verification start over. */
export const settleDegradation = (s: Step): void => {
  const reason = degradationOf(s);
  if (reason === null) return;
  const d = s.d;
  const r = d.recovery;
  if (r === null) {
    d.recovery = { since: s.now, reason, goodChecks: 0, operatorVerifiedAt: null, operator: null };
    notifyDegraded(s, reason);
    audit(s, 'degraded', 'failed', { reason, certificateId: d.certificateId });
    metric(s, 'tai_certificate_degradations_total', { reason });
  } else if (r.goodChecks > 0 || r.operatorVerifiedAt !== null || r.reason !== reason) {
    d.recovery = { since: r.since, reason, goodChecks: 0, operatorVerifiedAt: null, operator: null };
  }
};

const liveAndSound = (s: Step): boolean => {
  const cert = s.d.certificate;
  return cert !== null && liveAt(cert, s.now) && degradationOf(s) === null;
};

export const countGoodCheck = (s: Step): void => {
  const r = s.d.recovery;
  if (s.goodCheck && r !== null && liveAndSound(s)) s.d.recovery = { ...r, goodChecks: r.goodChecks + 1 };
};

/** Writes resume after N consecutive good checks and, under the manual policy, an operator's verification. */
export const completeRecovery = (s: Step): void => {
  const r = s.d.recovery;
  if (r === null || !liveAndSound(s) || r.goodChecks < s.policy.recoveryGoodChecks) return;
  if (s.policy.recoveryPolicy === 'manual' && r.operatorVerifiedAt === null) return;
  s.d.recovery = null;
  s.notable = true;
  notify(
    s,
    'customer.restored',
    'info',
    { since: isoOf(r.since), restoredAt: isoOf(s.now) },
    { dedupe: `${s.d.certificateId}:${r.since}`, incident: 'resolve' },
  );
  audit(s, 'recovered', 'ok', {
    since: r.since,
    goodChecks: r.goodChecks,
    operator: r.operator,
    policy: s.policy.recoveryPolicy,
  });
  metric(s, 'tai_certificate_recoveries_total', { policy: s.policy.recoveryPolicy });
};

/** Plan the renewal of the current certificate version, once. */
export const ensureRenewalPlan = (s: Step): void => {
  const cert = s.d.certificate;
  if (cert === null) return;
  const r = s.d.renewal;
  // A running renewal survives an expiry change; a halted or unstarted one is re-planned for the new dates.
  if (
    r !== null &&
    r.forCertificateId === cert.certificateId &&
    (r.forExpiresAt === cert.expiresAt || (r.startedAt !== null && !r.halted))
  )
    return;
  s.d.renewal = {
    forCertificateId: cert.certificateId,
    forExpiresAt: cert.expiresAt,
    dueAt: renewalDueAt(cert, s.now, s.policy, s.random),
    startedAt: null,
    attempts: 0,
    nextAttemptAt: null,
    lastFailure: null,
    halted: false,
    successor: null,
    successorVerifiedAt: null,
  };
};

/** Send (or re-send) the renewal request to the insurer. */
export const sendRenewal = (s: Step, trigger: 'schedule' | 'retry' | 'operator'): void => {
  const r = s.d.renewal;
  const cert = s.d.certificate;
  if (r === null || cert === null) return;
  const attempt = r.attempts + 1;
  s.d.renewal = {
    ...r,
    startedAt: r.startedAt ?? s.now,
    attempts: attempt,
    nextAttemptAt: s.now + s.policy.renewalAttemptTimeoutMs,
    halted: false,
  };
  s.fx.push({
    kind: 'insurer_request',
    customerId: s.d.customerId,
    purpose: 'renewal',
    certificateId: cert.certificateId,
    requestId: null,
    attempt,
  });
  audit(s, 'renewal_requested', 'ok', { trigger, attempt, certificateId: cert.certificateId });
  metric(s, 'tai_certificate_renewal_requests_total', { trigger });
};

/** Start the renewal when due; re-send after a backoff or an unanswered request. */
export const advanceRenewal = (s: Step): void => {
  const cert = s.d.certificate;
  const r = s.d.renewal;
  if (cert === null || r === null || r.halted || r.successor !== null || cert.status !== 'active') return;
  if (r.startedAt === null) {
    if (s.now >= r.dueAt) sendRenewal(s, 'schedule');
  } else if (r.nextAttemptAt !== null && s.now >= r.nextAttemptAt) {
    sendRenewal(s, 'retry');
  }
};

/** Raise each crossed threshold once; the ledger in the record makes a restart remember. */
export const raiseWarnings = (s: Step): void => {
  const cert = watchedCertificate(s.d);
  if (cert === null) return;
  const due = dueWarnings(s.d, s.now, s.policy);
  if (due.length === 0) return;
  const added = due.map((threshold) => ({
    certificateId: cert.certificateId,
    threshold,
    expiresAt: cert.expiresAt,
    at: s.now,
  }));
  s.d.warnings = [...s.d.warnings, ...added].slice(-WARNING_LEDGER_SIZE);
  for (const threshold of due) {
    const dedupe = `${cert.certificateId}:${cert.expiresAt}:${threshold}`;
    if (threshold === 'expired') {
      notify(
        s,
        'certificate.expired',
        'critical',
        { certificateId: cert.certificateId, expiresAt: cert.expiresAt, reason: 'expired' },
        { dedupe, incident: 'trigger' },
      );
    } else {
      const daysLeft = Math.max(0, Math.ceil((expiresAt(cert) - s.now) / 86_400_000));
      notify(
        s,
        'certificate.expiring',
        WARNING_SEVERITY[threshold],
        {
          certificateId: cert.certificateId,
          expiresAt: cert.expiresAt,
          daysLeft,
          threshold: THRESHOLD_NAMES[threshold],
        },
        { dedupe, incident: threshold === 'days_1' ? 'trigger' : null },
      );
    }
    audit(s, 'warning_raised', 'ok', { threshold, certificateId: cert.certificateId, expiresAt: cert.expiresAt });
    metric(s, 'tai_certificate_warnings_total', { threshold });
  }
};
