/** What each event does to the working copy, before the time-driven steps run (see settle.ts). */
import type { CertificateDocument } from '../insurance/certificate.ts';
import { isoOf } from '../shared/clock.ts';
import { expiresAt, liveAt, startsAt } from './dates.ts';
import { audit, metric, notify, type Step } from './draft.ts';
import { ensureRenewalPlan, sendRenewal, switchTo } from './settle.ts';
import { nextRoutineCheck, renewalRetryDelay, retryDelay } from './timing.ts';
import type { FailureKind, LifecycleEvent } from './types.ts';
import { graceEndsAt } from './view.ts';

const routine = (s: Step): number => nextRoutineCheck(s.d.customerId, s.now, s.policy, s.random);

const provisionRequested = (s: Step, requestId: string): void => {
  s.notable = true;
  const cert = s.d.certificate;
  if (cert !== null && liveAt(cert, s.now)) {
    // A live certificate is replaced through its renewal, so coverage never gaps.
    audit(s, 'provision_requested', 'ok', { requestId, handledAs: 'renewal' });
    renewalStarted(s);
    return;
  }
  s.d.provisioningRequestId = requestId;
  s.fx.push({
    kind: 'insurer_request',
    customerId: s.d.customerId,
    purpose: 'provision',
    certificateId: null,
    requestId,
    attempt: 1,
  });
  audit(s, 'provision_requested', 'ok', { requestId });
};

const linked = (s: Step, certificateId: string): void => {
  const d = s.d;
  s.notable = true;
  d.provisioningRequestId = null;
  d.nextCheckAt = s.now;
  if (certificateId === d.certificateId && d.certificate !== null) {
    audit(s, 'linked', 'ok', { certificateId, relinked: true });
    return;
  }
  if (d.certificate !== null)
    s.fx.push({
      kind: 'persist',
      entity: 'certificate_archive',
      customerId: d.customerId,
      certificate: d.certificate,
      replacedBy: certificateId,
    });
  d.certificateId = certificateId;
  d.certificate = null;
  d.lastVerifiedAt = null;
  d.consecutiveFailures = 0;
  d.lastFailure = null;
  d.rejectedAt = null;
  d.renewal = null;
  audit(s, 'linked', 'ok', { certificateId });
};

const checkSucceeded = (s: Step, cert: CertificateDocument): void => {
  const d = s.d;
  if (cert.certificateId !== d.certificateId) {
    // A result for a certificate replaced while the check was in flight.
    audit(s, 'checked', 'ignored', { certificateId: cert.certificateId, current: d.certificateId });
    metric(s, 'tai_insurance_cert_checks_total', { outcome: 'stale' });
    return;
  }
  d.certificate = cert;
  d.lastCheckAt = s.now;
  d.lastVerifiedAt = s.now;
  d.consecutiveFailures = 0;
  d.rejectedAt = null;
  d.provisioningRequestId = null;
  d.nextCheckAt = routine(s);
  s.checked = true;
  s.goodCheck = liveAt(cert, s.now);
  audit(s, 'checked', 'ok', { certificateId: cert.certificateId, status: cert.status, expiresAt: cert.expiresAt });
  metric(s, 'tai_insurance_cert_checks_total', { outcome: 'ok' });
};

/** The insurer stopped answering for a verified certificate: the grace period starts now. */
const graceStarted = (s: Step, code: string): void => {
  const graceEnds = graceEndsAt(s.d, s.now, s.policy);
  if (graceEnds === null || s.d.lastVerifiedAt === null) return;
  notify(
    s,
    'insurer.unreachable',
    'warning',
    { graceEndsAt: isoOf(graceEnds), lastVerifiedAt: isoOf(s.d.lastVerifiedAt), code },
    { dedupe: `${s.d.certificateId}:${s.d.lastVerifiedAt}`, incident: 'trigger' },
  );
};

const checkFailed = (s: Step, failure: FailureKind, code: string): void => {
  const d = s.d;
  d.lastCheckAt = s.now;
  d.consecutiveFailures += 1;
  d.lastFailure = { failure, code, at: s.now };
  s.checked = true;
  if (d.recovery !== null && d.recovery.goodChecks > 0) d.recovery = { ...d.recovery, goodChecks: 0 };
  if (failure === 'permanent') {
    if (d.rejectedAt === null) {
      d.rejectedAt = s.now;
      notify(
        s,
        'certificate.verification_rejected',
        'error',
        { certificateId: d.certificateId, code },
        { dedupe: `${d.certificateId}:${s.now}`, incident: null },
      );
    }
    d.nextCheckAt = routine(s);
  } else {
    d.nextCheckAt = s.now + retryDelay(d.consecutiveFailures, s.policy, s.random);
    if (d.consecutiveFailures === 1) graceStarted(s, code);
  }
  audit(s, 'checked', 'failed', { failure, code, consecutiveFailures: d.consecutiveFailures });
  metric(s, 'tai_insurance_cert_checks_total', { outcome: failure === 'permanent' ? 'rejected' : 'error' });
};

const renewalStarted = (s: Step): void => {
  s.notable = true;
  ensureRenewalPlan(s);
  const r = s.d.renewal;
  if (r === null) return;
  if (r.successor !== null) {
    audit(s, 'renewal_started', 'ignored', {
      reason: 'successor_already_obtained',
      successor: r.successor.certificateId,
    });
    return;
  }
  if (r.halted) s.d.renewal = { ...r, halted: false, attempts: 0, startedAt: null, lastFailure: null };
  sendRenewal(s, 'operator');
};

/** Why an obtained certificate cannot succeed the current one, if it cannot. */
const successorProblem = (
  current: CertificateDocument | null,
  next: CertificateDocument,
  nowMs: number,
): string | null => {
  if (next.status !== 'active') return 'successor_not_active';
  if (expiresAt(next) <= nowMs) return 'successor_expired';
  if (current === null) return null;
  if (next.certificateId === current.certificateId) return 'successor_is_current';
  if (expiresAt(next) <= expiresAt(current)) return 'successor_not_later';
  if (next.insured.reference !== current.insured.reference) return 'successor_other_insured';
  return null;
};

const renewalFailed = (s: Step, failure: FailureKind, code: string): void => {
  const r = s.d.renewal;
  const cert = s.d.certificate;
  if (r === null || r.startedAt === null || cert === null) {
    audit(s, 'renewal_failed', 'ignored', { failure, code, reason: 'no_renewal_running' });
    return;
  }
  const note = { failure, code, at: s.now };
  if (failure === 'permanent') {
    s.d.renewal = { ...r, halted: true, nextAttemptAt: null, lastFailure: note };
    notify(
      s,
      'certificate.renewal_halted',
      'error',
      { certificateId: r.forCertificateId, code },
      { dedupe: `${r.forCertificateId}:${r.startedAt}:${r.attempts}`, incident: null },
    );
  } else {
    const timeLeft = expiresAt(cert) - s.now;
    s.d.renewal = {
      ...r,
      nextAttemptAt: s.now + renewalRetryDelay(r.attempts, timeLeft, s.policy, s.random),
      lastFailure: note,
    };
  }
  audit(s, 'renewal_failed', 'failed', { failure, code, attempt: r.attempts });
  metric(s, 'tai_certificate_renewals_total', { outcome: failure });
};

const renewalObtained = (s: Step, next: CertificateDocument): void => {
  const problem = successorProblem(s.d.certificate, next, s.now);
  if (problem !== null) {
    renewalFailed(s, 'transient', problem);
    return;
  }
  s.notable = true;
  audit(s, 'renewal_obtained', 'ok', {
    certificateId: next.certificateId,
    effectiveFrom: next.effectiveFrom,
    expiresAt: next.expiresAt,
  });
  metric(s, 'tai_certificate_renewals_total', { outcome: 'obtained' });
  if (startsAt(next) <= s.now || s.d.certificate === null) {
    switchTo(s, next, s.now);
    s.d.nextCheckAt = routine(s);
    s.goodCheck = liveAt(next, s.now);
    return;
  }
  ensureRenewalPlan(s);
  const r = s.d.renewal;
  if (r !== null)
    s.d.renewal = {
      ...r,
      startedAt: r.startedAt ?? s.now,
      nextAttemptAt: null,
      successor: next,
      successorVerifiedAt: s.now,
    };
};

const rotated = (s: Step, cert: CertificateDocument): void => {
  s.notable = true;
  const previous = s.d.certificateId;
  switchTo(s, cert, s.now);
  s.d.nextCheckAt = routine(s);
  s.goodCheck = true;
  audit(s, 'rotated', 'ok', { from: previous, to: cert.certificateId, expiresAt: cert.expiresAt });
};

const operatorRecovered = (s: Step, actor: string): void => {
  const r = s.d.recovery;
  if (r === null) return;
  s.notable = true;
  s.d.recovery = { ...r, operatorVerifiedAt: s.now, operator: actor };
  audit(s, 'operator_verified', 'ok', { goodChecks: r.goodChecks, since: r.since });
};

export const handle = (s: Step, event: LifecycleEvent): void => {
  switch (event.type) {
    case 'provision_requested':
      return provisionRequested(s, event.requestId);
    case 'linked':
      return linked(s, event.certificateId);
    case 'check_succeeded':
      return checkSucceeded(s, event.certificate);
    case 'check_failed':
      return checkFailed(s, event.failure, event.code);
    case 'tick':
      return;
    case 'renewal_started':
      return renewalStarted(s);
    case 'renewal_obtained':
      return renewalObtained(s, event.certificate);
    case 'renewal_failed':
      return renewalFailed(s, event.failure, event.code);
    case 'rotated':
      return rotated(s, event.certificate);
    case 'operator_recovered':
      return operatorRecovered(s, event.actor);
  }
};
