import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors/domain-error.ts';
import { defaultLifecyclePolicy as policy, type LifecyclePolicy } from './policy.ts';
import { newCertificateRecord } from './record.ts';
import {
  DAY,
  HOUR,
  MINUTE,
  T0,
  fixedRandom,
  linkedAndVerified,
  makeCert,
  ofKind,
  certificateReceipts,
  notifications,
  persisted,
} from '../../../test/support/lifecycle.ts';
import { transition } from './transition.ts';
import type { CertificateRecord, LifecycleEvent } from './types.ts';
import { currentState, writable } from './view.ts';

const rnd = fixedRandom();
const cert = makeCert({ from: T0 - 10 * DAY, to: T0 + 300 * DAY });
const verified = linkedAndVerified(newCertificateRecord('cus_1', T0), cert, policy).record;
const codeOf = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return isDomainError(e) ? e.code : 'not a DomainError';
  }
};
const revokedAt = (t: number): CertificateRecord =>
  transition(verified, { type: 'check_succeeded', certificate: { ...cert, status: 'revoked' } }, t, policy, rnd).record;

describe('degradation', () => {
  it.each([
    ['revoked', 'revoked'],
    ['suspended', 'suspended'],
  ] as const)(
    'active -> %s when the insurer says so: read-only, recovery pending, customer and on-call told',
    (status, state) => {
      const out = transition(
        verified,
        { type: 'check_succeeded', certificate: { ...cert, status } },
        T0 + HOUR,
        policy,
        rnd,
      );
      expect(out.record.state).toBe(state);
      expect(out.record.recovery).toMatchObject({ reason: status, since: T0 + HOUR, goodChecks: 0 });
      expect(writable(out.record, T0 + HOUR, policy)).toEqual({ ok: false, reason: status });
      expect(notifications(out.effects).map((n) => [n.type, n.severity, n.incident])).toEqual([
        [`certificate.${status}`, 'critical', { key: 'cus_1:insurance', action: 'trigger' }],
      ]);
      expect(certificateReceipts(out.effects)[0]).toMatchObject({
        fromState: 'active',
        toState: state,
        writable: false,
      });
    },
  );

  it('insurer unreachable: usable for the grace from the last verification, then read-only', () => {
    let r = verified;
    let t = T0;
    while (t < T0 + 8 * DAY) {
      t = r.wakeAt ?? t + HOUR;
      const event: LifecycleEvent =
        r.nextCheckAt !== null && r.nextCheckAt <= t
          ? { type: 'check_failed', failure: 'transient', code: 'timeout' }
          : { type: 'tick' };
      r = transition(r, event, t, policy, rnd).record;
      expect(writable(r, t, policy).ok).toBe(t < T0 + policy.graceMs);
    }
    expect(r.recovery).toMatchObject({ reason: 'unverifiable_beyond_grace', since: T0 + policy.graceMs });
    expect(currentState(r, t)).toBe('active'); // the dates still say live; writability says no
  });

  it('a missed wake-up at grace end is still recorded before a later good check', () => {
    const late = T0 + 9 * DAY;
    const out = transition(verified, { type: 'check_succeeded', certificate: cert }, late, policy, rnd);
    expect(out.record.recovery).toMatchObject({ reason: 'unverifiable_beyond_grace', since: late, goodChecks: 1 });
    expect(writable(out.record, late, policy)).toEqual({ ok: false, reason: 'awaiting_good_checks' });
  });
});

describe('recovery (manual, the default)', () => {
  const renewedCert = makeCert({ id: 'cert_b', from: T0, to: T0 + 400 * DAY });

  it('needs N consecutive good checks AND an operator; both are recorded; then writes resume', () => {
    let out = transition(
      revokedAt(T0 + HOUR),
      { type: 'rotated', certificate: renewedCert, actor: 'ops' },
      T0 + 2 * HOUR,
      policy,
      rnd,
    );
    expect(out.record.recovery?.goodChecks).toBe(1); // the rotation verified it
    expect(out.record.nextCheckAt).toBe(T0 + 2 * HOUR + policy.recoveryCheckIntervalMs);
    expect(writable(out.record, T0 + 2 * HOUR, policy)).toEqual({ ok: false, reason: 'awaiting_good_checks' });
    out = transition(
      out.record,
      { type: 'check_succeeded', certificate: renewedCert },
      T0 + 2 * HOUR + 15 * MINUTE,
      policy,
      rnd,
    );
    expect(writable(out.record, T0 + 3 * HOUR, policy)).toEqual({ ok: false, reason: 'awaiting_operator' });
    expect(certificateReceipts(out.effects)[0]).toMatchObject({ writable: false, reason: 'awaiting_operator' });
    out = transition(out.record, { type: 'operator_recovered', actor: 'ops@example' }, T0 + 3 * HOUR, policy, rnd);
    expect(out.record.recovery).toBeNull();
    expect(writable(out.record, T0 + 3 * HOUR, policy)).toEqual({ ok: true });
    expect(ofKind(out.effects, 'audit').map((a) => a.type)).toEqual([
      'certificate.operator_verified',
      'certificate.recovered',
    ]);
    expect(ofKind(out.effects, 'audit')[1]?.details).toMatchObject({
      operator: 'ops@example',
      goodChecks: 2,
      policy: 'manual',
    });
    expect(notifications(out.effects).map((n) => [n.type, n.incident?.action])).toEqual([
      ['customer.restored', 'resolve'],
    ]);
    expect(certificateReceipts(out.effects)[0]).toMatchObject({
      event: 'operator_recovered',
      writable: true,
      actor: 'ops@example',
    });
  });

  it('an operator may confirm first; writes resume with the last good check', () => {
    let r = transition(
      revokedAt(T0 + HOUR),
      { type: 'rotated', certificate: renewedCert },
      T0 + 2 * HOUR,
      policy,
      rnd,
    ).record;
    r = transition(r, { type: 'operator_recovered', actor: 'ops' }, T0 + 2 * HOUR + MINUTE, policy, rnd).record;
    expect(writable(r, T0 + 2 * HOUR + MINUTE, policy)).toEqual({ ok: false, reason: 'awaiting_good_checks' });
    r = transition(r, { type: 'check_succeeded', certificate: renewedCert }, T0 + 3 * HOUR, policy, rnd).record;
    expect(writable(r, T0 + 3 * HOUR, policy)).toEqual({ ok: true });
  });

  it('a failed check resets the consecutive good checks', () => {
    let r = transition(
      revokedAt(T0 + HOUR),
      { type: 'rotated', certificate: renewedCert },
      T0 + 2 * HOUR,
      policy,
      rnd,
    ).record;
    r = transition(
      r,
      { type: 'check_failed', failure: 'transient', code: 'timeout' },
      T0 + 3 * HOUR,
      policy,
      rnd,
    ).record;
    expect(r.recovery?.goodChecks).toBe(0);
    r = transition(r, { type: 'check_succeeded', certificate: renewedCert }, T0 + 4 * HOUR, policy, rnd).record;
    expect(r.recovery?.goodChecks).toBe(1);
  });

  it('a new degradation during recovery starts it over, operator verification included', () => {
    let r = transition(
      revokedAt(T0 + HOUR),
      { type: 'rotated', certificate: renewedCert },
      T0 + 2 * HOUR,
      policy,
      rnd,
    ).record;
    r = transition(r, { type: 'operator_recovered', actor: 'ops' }, T0 + 2 * HOUR, policy, rnd).record;
    r = transition(
      r,
      { type: 'check_succeeded', certificate: { ...renewedCert, status: 'suspended' } },
      T0 + 3 * HOUR,
      policy,
      rnd,
    ).record;
    expect(r.recovery).toMatchObject({
      reason: 'suspended',
      goodChecks: 0,
      operatorVerifiedAt: null,
      since: T0 + HOUR,
    });
  });

  it('late renewal after expiry: obtained -> good checks -> operator -> writable', () => {
    const short = makeCert({ from: T0 - 10 * DAY, to: T0 + DAY });
    let r = linkedAndVerified(newCertificateRecord('cus_1', T0), short, policy).record;
    r = transition(r, { type: 'tick' }, T0 + DAY, policy, rnd).record;
    expect(currentState(r, T0 + DAY)).toBe('expired');
    r = transition(r, { type: 'renewal_obtained', certificate: renewedCert }, T0 + 2 * DAY, policy, rnd).record;
    expect(r).toMatchObject({ certificateId: 'cert_b', state: 'active' });
    expect(writable(r, T0 + 2 * DAY, policy)).toEqual({ ok: false, reason: 'awaiting_good_checks' });
    r = transition(
      r,
      { type: 'check_succeeded', certificate: renewedCert },
      T0 + 2 * DAY + 15 * MINUTE,
      policy,
      rnd,
    ).record;
    r = transition(r, { type: 'operator_recovered', actor: 'ops' }, T0 + 2 * DAY + HOUR, policy, rnd).record;
    expect(writable(r, T0 + 2 * DAY + HOUR, policy)).toEqual({ ok: true });
  });
});

describe('recovery (automatic)', () => {
  const auto: LifecyclePolicy = { ...policy, recoveryPolicy: 'automatic', recoveryGoodChecks: 3 };
  it('resumes writes after N good checks without an operator', () => {
    let r = transition(
      verified,
      { type: 'check_succeeded', certificate: { ...cert, status: 'suspended' } },
      T0 + HOUR,
      auto,
      rnd,
    ).record;
    const answers = [2, 3, 4].map((h) => {
      r = transition(r, { type: 'check_succeeded', certificate: cert }, T0 + h * HOUR, auto, rnd).record;
      return writable(r, T0 + h * HOUR, auto).ok;
    });
    expect(answers).toEqual([false, false, true]);
    expect(r.recovery).toBeNull();
  });
});

describe('rotated', () => {
  it('switches atomically to a live certificate and archives the old one', () => {
    const other = makeCert({ id: 'cert_b', from: T0, to: T0 + 500 * DAY });
    const out = transition(verified, { type: 'rotated', certificate: other, actor: 'ops' }, T0 + HOUR, policy, rnd);
    expect(out.record).toMatchObject({ certificateId: 'cert_b', certificate: other, lastVerifiedAt: T0 + HOUR });
    expect(out.record.renewal?.forCertificateId).toBe('cert_b');
    expect(persisted(out.effects, 'certificate_archive')[0]?.certificate).toEqual(cert);
    expect(certificateReceipts(out.effects)[0]).toMatchObject({
      event: 'rotated',
      certificateId: 'cert_b',
      writable: true,
    });
    expect(writable(out.record, T0 + HOUR, policy)).toEqual({ ok: true });
  });

  it('refuses a certificate that is not live, or the current one', () => {
    const dead = makeCert({ id: 'cert_b', status: 'revoked' });
    expect(codeOf(() => transition(verified, { type: 'rotated', certificate: dead }, T0, policy, rnd))).toBe(
      'TAI-CERT-NOT-LIVE',
    );
    const expired = makeCert({ id: 'cert_b', from: T0 - 10 * DAY, to: T0 });
    expect(codeOf(() => transition(verified, { type: 'rotated', certificate: expired }, T0, policy, rnd))).toBe(
      'TAI-CERT-NOT-LIVE',
    );
    expect(codeOf(() => transition(verified, { type: 'rotated', certificate: cert }, T0, policy, rnd))).toBe(
      'TAI-CERT-ALREADY-CURRENT',
    );
  });
});

describe('operator_recovered guards', () => {
  it('refuses when nothing is degraded, and while the certificate is still not valid', () => {
    expect(codeOf(() => transition(verified, { type: 'operator_recovered', actor: 'ops' }, T0, policy, rnd))).toBe(
      'TAI-CERT-NOT-DEGRADED',
    );
    expect(
      codeOf(() => transition(revokedAt(T0), { type: 'operator_recovered', actor: 'ops' }, T0 + HOUR, policy, rnd)),
    ).toBe('TAI-CERT-STILL-DEGRADED');
    expect(
      codeOf(() => transition(verified, { type: 'operator_recovered', actor: 'ops' }, T0 + 400 * DAY, policy, rnd)),
    ).toBe('TAI-CERT-STILL-DEGRADED');
  });
});
