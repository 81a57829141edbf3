import { describe, expect, it } from 'vitest';
import { defaultLifecyclePolicy as policy } from './policy.ts';
import { newCertificateRecord } from './record.ts';
import { DAY, T0, makeCert } from '../../../test/support/lifecycle.ts';
import type { CertificateRecord } from './types.ts';
import { currentState, degradation, effectiveCertificate, graceEndsAt, lifecycleView, writable } from './view.ts';

const verified = (over: Partial<CertificateRecord> = {}): CertificateRecord => {
  const certificate = makeCert({ from: T0 - 10 * DAY, to: T0 + 100 * DAY });
  return {
    ...newCertificateRecord('cus_1', T0),
    state: 'active',
    certificateId: certificate.certificateId,
    certificate,
    lastVerifiedAt: T0,
    lastCheckAt: T0,
    ...over,
  };
};

describe('currentState recomputes from the dates (cert-manager #7895)', () => {
  it('reads a stored active record after expiry as expired, and not writable', () => {
    const r = verified();
    const afterExpiry = T0 + 100 * DAY;
    expect(r.state).toBe('active');
    expect(currentState(r, afterExpiry - 1)).toBe('expiring');
    expect(currentState(r, afterExpiry)).toBe('expired');
    expect(writable(r, afterExpiry, policy)).toEqual({ ok: false, reason: 'expired' });
  });

  it('is active outside the expiring window and expiring inside it', () => {
    const r = verified();
    expect(currentState(r, T0)).toBe('active');
    expect(currentState(r, T0 + 70 * DAY - 1)).toBe('active');
    expect(currentState(r, T0 + 70 * DAY)).toBe('expiring');
  });

  it('reports revoked and suspended from the insurer status', () => {
    expect(currentState(verified({ certificate: makeCert({ status: 'revoked' }) }), T0)).toBe('revoked');
    expect(currentState(verified({ certificate: makeCert({ status: 'suspended' }) }), T0)).toBe('suspended');
  });

  it('is verifying before the first verification and before coverage starts, provisioning while a request is open', () => {
    const fresh = { ...newCertificateRecord('cus_1', T0), certificateId: 'cert_a' };
    expect(currentState(fresh, T0)).toBe('verifying');
    expect(currentState(verified({ certificate: makeCert({ from: T0 + DAY }) }), T0)).toBe('verifying');
    expect(currentState({ ...newCertificateRecord('cus_1', T0), provisioningRequestId: 'req_1' }, T0)).toBe(
      'provisioning',
    );
  });

  it('is renewing while a renewal runs for the current certificate', () => {
    const r = verified();
    const renewal = {
      forCertificateId: 'cert_a',
      forExpiresAt: r.certificate?.expiresAt ?? '',
      dueAt: T0,
      startedAt: T0,
      attempts: 1,
      nextAttemptAt: T0 + DAY,
      lastFailure: null,
      halted: false,
      successor: null,
      successorVerifiedAt: null,
    };
    expect(currentState({ ...r, renewal }, T0)).toBe('renewing');
    expect(currentState({ ...r, renewal: { ...renewal, halted: true } }, T0)).toBe('active');
  });
});

describe('writable', () => {
  it('allows a verified live certificate inside the grace', () => {
    expect(writable(verified(), T0 + 7 * DAY - 1, policy)).toEqual({ ok: true });
  });

  it('refuses beyond the grace from the last verification, and the grace never outlives the certificate', () => {
    const r = verified();
    expect(writable(r, T0 + 7 * DAY, policy)).toEqual({ ok: false, reason: 'unverifiable_beyond_grace' });
    expect(graceEndsAt(r, T0, policy)).toBe(T0 + 7 * DAY);
    const short = verified({ certificate: makeCert({ to: T0 + 2 * DAY }) });
    expect(graceEndsAt(short, T0, policy)).toBe(T0 + 2 * DAY);
    expect(writable(short, T0 + 2 * DAY, policy)).toEqual({ ok: false, reason: 'expired' });
  });

  it('names each reason', () => {
    expect(writable(newCertificateRecord('cus_1', T0), T0, policy)).toEqual({ ok: false, reason: 'no_certificate' });
    expect(writable(verified({ rejectedAt: T0 }), T0, policy)).toEqual({ ok: false, reason: 'verification_rejected' });
    expect(writable(verified({ certificate: makeCert({ from: T0 + DAY }) }), T0, policy)).toEqual({
      ok: false,
      reason: 'not_effective',
    });
    const recovery = { since: T0, reason: 'expired' as const, goodChecks: 1, operatorVerifiedAt: null, operator: null };
    expect(writable(verified({ recovery }), T0, policy)).toEqual({ ok: false, reason: 'awaiting_good_checks' });
    expect(writable(verified({ recovery: { ...recovery, goodChecks: 2 } }), T0, policy)).toEqual({
      ok: false,
      reason: 'awaiting_operator',
    });
    expect(
      writable(verified({ recovery: { ...recovery, goodChecks: 2 } }), T0, { ...policy, recoveryPolicy: 'automatic' }),
    ).toEqual({ ok: true });
  });

  it('prefers the status over the dates, and the dates over a rejection', () => {
    const revokedAndExpired = verified({ certificate: makeCert({ status: 'revoked', to: T0 }) });
    expect(degradation(revokedAndExpired, T0 + DAY, policy)).toBe('revoked');
    expect(degradation(verified({ rejectedAt: T0, certificate: makeCert({ to: T0 }) }), T0, policy)).toBe('expired');
  });
});

describe('a validated successor', () => {
  const successor = makeCert({ id: 'cert_b', from: T0 + 100 * DAY, to: T0 + 465 * DAY });
  const r = verified({
    renewal: {
      forCertificateId: 'cert_a',
      forExpiresAt: makeCert({ to: T0 + 100 * DAY }).expiresAt,
      dueAt: T0,
      startedAt: T0,
      attempts: 1,
      nextAttemptAt: null,
      lastFailure: null,
      halted: false,
      successor,
      successorVerifiedAt: T0 + 60 * DAY, // obtained early; the current certificate's checks kept the grace fresh
    },
    lastVerifiedAt: T0 + 99 * DAY,
  });

  it('governs from its effectiveFrom, before any transition switched it in', () => {
    expect(effectiveCertificate(r, T0 + 100 * DAY - 1)?.certificateId).toBe('cert_a');
    expect(effectiveCertificate(r, T0 + 100 * DAY)?.certificateId).toBe('cert_b');
    expect(currentState(r, T0 + 100 * DAY)).toBe('active');
    expect(writable(r, T0 + 100 * DAY, policy)).toEqual({ ok: true });
  });

  it('shows the view the admin endpoint needs', () => {
    const view = lifecycleView(r, T0 + 100 * DAY, policy);
    expect(view.certificate?.certificateId).toBe('cert_b');
    expect(view.degraded).toBe(false);
    expect(view.renewal?.successorId).toBe('cert_b');
    expect(view.graceEndsAt).toBe(T0 + 106 * DAY);
  });
});

describe('lifecycleView.degraded', () => {
  it('is true for lapsed certificates and pending recoveries, false for never-verified ones', () => {
    expect(lifecycleView(verified(), T0 + 200 * DAY, policy).degraded).toBe(true);
    expect(lifecycleView({ ...newCertificateRecord('cus_1', T0), certificateId: 'x' }, T0, policy).degraded).toBe(
      false,
    );
    const recovery = { since: T0, reason: 'revoked' as const, goodChecks: 0, operatorVerifiedAt: null, operator: null };
    expect(
      lifecycleView({ ...newCertificateRecord('cus_1', T0), certificateId: 'x', recovery }, T0, policy).degraded,
    ).toBe(true);
  });
});
