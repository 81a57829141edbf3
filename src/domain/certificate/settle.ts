/**
 * The time-driven steps every transition runs around its event: switching in a due successor, entering
 * and completing recovery, planning and advancing the renewal, and raising expiry warnings.
 */
import type { CertificateDocument } from '../insurance/certificate.ts';
import { liveAt, startsAt } from './dates.ts';
import { audit, metric, notify, type Step } from './draft.ts';
import { renewalDueAt } from './timing.ts';
import type { DegradedReason } from './types.ts';
import { degradation } from './view.ts';
import { WARNING_LEDGER_SIZE, WARNING_ROUTING, dueWarnings, watchedCertificate } from './warnings.ts';

const degradationOf = (s: Step): DegradedReason | null => degradation(s.d, s.now, s.policy);

/** Make `cert` current; the old certificate is archived. */
export const switchTo = (s: Step, cert: CertificateDocument, verifiedAt: number): void => {
  const d = s.d;
  const old = d.certificate;
  if (old !== null && old.certificateId !== cert.certificateId) {
    s.fx.push({ kind: 'archive', customerId: d.customerId, certificate: old, replacedBy: cert.certificateId });
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
    // At expiry the `expired` warning already pages; other degradations get their own notice.
    if (reason !== 'expired') {
      notify(s, 'certificate_degraded', ['oncall', 'customer'], 'critical', {
        reason,
        dedupe: `${d.certificateId}:${s.now}`,
      });
    }
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
  notify(s, 'certificate_recovered', ['customer', 'oncall'], 'info', { dedupe: `${s.d.certificateId}:${r.since}` });
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
    const route = WARNING_ROUTING[threshold];
    notify(s, 'certificate_warning', route.audiences, route.severity, {
      threshold,
      dedupe: `${cert.certificateId}:${cert.expiresAt}:${threshold}`,
    });
    audit(s, 'warning_raised', 'ok', { threshold, certificateId: cert.certificateId, expiresAt: cert.expiresAt });
    metric(s, 'tai_certificate_warnings_total', { threshold });
  }
};
