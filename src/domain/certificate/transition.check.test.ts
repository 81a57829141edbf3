import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors/domain-error.ts';
import { defaultLifecyclePolicy as policy } from './policy.ts';
import { newCertificateRecord } from './record.ts';
import {
  DAY,
  HOUR,
  MINUTE,
  T0,
  fixedRandom,
  makeCert,
  ofKind,
  linkedAndVerified,
  run,
  certificateReceipts,
  notifications,
  persisted,
} from '../../../test/support/lifecycle.ts';
import { nextRoutineCheck } from './timing.ts';
import { transition } from './transition.ts';
import { writable } from './view.ts';

const fresh = newCertificateRecord('cus_1', T0 - DAY);
const cert = makeCert({ from: T0 - 10 * DAY, to: T0 + 200 * DAY });
const rnd = fixedRandom();

describe('linked', () => {
  it('moves a fresh record to verifying with a check due now, and records it', () => {
    const { record, effects } = transition(
      fresh,
      { type: 'linked', certificateId: 'cert_a', actor: 'admin' },
      T0,
      policy,
      rnd,
    );
    expect(record).toMatchObject({
      state: 'verifying',
      certificateId: 'cert_a',
      certificate: null,
      nextCheckAt: T0,
      wakeAt: T0,
      version: 1,
      updatedAt: T0,
    });
    expect(ofKind(effects, 'persist')).toEqual([
      { kind: 'persist', entity: 'certificate', record, expectedVersion: 0 },
    ]);
    expect(certificateReceipts(effects)[0]).toMatchObject({
      kind: 'certificate_event',
      event: 'linked',
      fromState: 'verifying',
      toState: 'verifying',
      actor: 'admin',
    });
    expect(ofKind(effects, 'audit').map((a) => a.type)).toEqual(['certificate.linked']);
    expect(ofKind(effects, 'schedule')).toEqual([
      { kind: 'schedule', customerId: 'cus_1', nextCheckAt: T0, wakeAt: T0 },
    ]);
  });

  it('replaces a different certificate: archives the old one and drops its verification', () => {
    const { record } = linkedAndVerified(fresh, cert, policy);
    const out = transition(record, { type: 'linked', certificateId: 'cert_z' }, T0 + HOUR, policy, rnd);
    expect(out.record).toMatchObject({
      certificateId: 'cert_z',
      certificate: null,
      lastVerifiedAt: null,
      renewal: null,
      state: 'verifying',
    });
    expect(persisted(out.effects, 'certificate_archive')).toEqual([
      { kind: 'persist', entity: 'certificate_archive', customerId: 'cus_1', certificate: cert, replacedBy: 'cert_z' },
    ]);
  });

  it('re-linking the current certificate only asks for a check', () => {
    const { record } = linkedAndVerified(fresh, cert, policy);
    const out = transition(record, { type: 'linked', certificateId: 'cert_a' }, T0 + HOUR, policy, rnd);
    expect(out.record).toMatchObject({ certificate: cert, nextCheckAt: T0 + HOUR, state: 'active' });
    expect(persisted(out.effects, 'certificate_archive')).toEqual([]);
  });
});

describe('check_succeeded', () => {
  it('verifying -> active: writable, renewal planned, next routine check scheduled', () => {
    const { record, effects } = run(
      fresh,
      [
        [T0, { type: 'linked', certificateId: 'cert_a' }],
        [T0 + MINUTE, { type: 'check_succeeded', certificate: cert }],
      ],
      policy,
    );
    expect(record).toMatchObject({
      state: 'active',
      lastVerifiedAt: T0 + MINUTE,
      lastCheckAt: T0 + MINUTE,
      consecutiveFailures: 0,
      recovery: null,
    });
    expect(record.nextCheckAt).toBe(nextRoutineCheck('cus_1', T0 + MINUTE, policy, rnd));
    // min(expiry - 30 d = T0+170 d, start + 2/3 of 210 d = T0+130 d)
    expect(record.renewal).toMatchObject({ forCertificateId: 'cert_a', dueAt: T0 + 130 * DAY, startedAt: null });
    expect(writable(record, T0 + MINUTE, policy)).toEqual({ ok: true });
    expect(certificateReceipts(effects).at(-1)).toMatchObject({
      event: 'check_succeeded',
      fromState: 'verifying',
      toState: 'active',
      writable: true,
    });
    expect(
      ofKind(effects, 'metric').some(
        (m) => m.name === 'tai_insurance_cert_checks_total' && m.labels['outcome'] === 'ok',
      ),
    ).toBe(true);
  });

  it('a routine re-check of an unchanged active certificate persists the schedule but leaves no receipt', () => {
    const { record } = linkedAndVerified(fresh, cert, policy);
    const out = transition(record, { type: 'check_succeeded', certificate: cert }, T0 + 6 * HOUR, policy, rnd);
    expect(ofKind(out.effects, 'receipt')).toEqual([]);
    expect(ofKind(out.effects, 'audit').map((a) => a.outcome)).toEqual(['success']);
    expect(out.record.lastVerifiedAt).toBe(T0 + 6 * HOUR);
  });

  it('ignores a result for a certificate that is no longer linked', () => {
    const { record } = run(fresh, [[T0, { type: 'linked', certificateId: 'cert_a' }]], policy);
    const out = transition(
      record,
      { type: 'check_succeeded', certificate: makeCert({ id: 'cert_old' }) },
      T0,
      policy,
      rnd,
    );
    expect(out.record).toBe(record);
    expect(ofKind(out.effects, 'audit')[0]).toMatchObject({ outcome: 'success', details: { ignored: true } });
    expect(ofKind(out.effects, 'persist')).toEqual([]);
  });

  it('takes the insurer’s changed expiry: a re-planned renewal', () => {
    const { record } = linkedAndVerified(fresh, cert, policy);
    const extended = { ...cert, expiresAt: new Date(T0 + 400 * DAY).toISOString() };
    const out = transition(record, { type: 'check_succeeded', certificate: extended }, T0 + HOUR, policy, rnd);
    expect(out.record.renewal?.forExpiresAt).toBe(extended.expiresAt);
    expect(out.record.warnings).toEqual([]);
  });
});

describe('check_failed', () => {
  const verifiedRecord = linkedAndVerified(fresh, cert, policy).record;

  it('transient: counts the failure, retries with exponential backoff, stays writable inside the grace', () => {
    const a = transition(
      verifiedRecord,
      { type: 'check_failed', failure: 'transient', code: 'timeout' },
      T0 + 6 * HOUR,
      policy,
      fixedRandom(0.999999),
    );
    expect(a.record).toMatchObject({
      consecutiveFailures: 1,
      lastFailure: { failure: 'transient', code: 'timeout', at: T0 + 6 * HOUR },
    });
    expect(a.record.nextCheckAt).toBe(T0 + 6 * HOUR + 5 * MINUTE - 1);
    const b = transition(
      a.record,
      { type: 'check_failed', failure: 'transient', code: 'http_503' },
      T0 + 7 * HOUR,
      policy,
      fixedRandom(0),
    );
    expect(b.record.nextCheckAt).toBe(T0 + 7 * HOUR + 5 * MINUTE);
    expect(b.record.consecutiveFailures).toBe(2);
    expect(writable(b.record, T0 + 7 * HOUR, policy)).toEqual({ ok: true });
    let r = b.record;
    for (let i = 0; i < 10; i++)
      r = transition(
        r,
        { type: 'check_failed', failure: 'transient', code: 'timeout' },
        T0 + 8 * HOUR + i,
        policy,
        fixedRandom(0.999999),
      ).record;
    expect((r.nextCheckAt ?? 0) - (T0 + 8 * HOUR + 9)).toBeLessThanOrEqual(policy.retryMaxMs);
  });

  it('permanent: the certificate is rejected at once, on-call is paged once, checks continue at the routine pace', () => {
    const a = transition(
      verifiedRecord,
      { type: 'check_failed', failure: 'permanent', code: 'not_found' },
      T0 + HOUR,
      policy,
      rnd,
    );
    expect(writable(a.record, T0 + HOUR, policy)).toEqual({ ok: false, reason: 'verification_rejected' });
    expect(notifications(a.effects).map((n) => n.type)).toEqual([
      'certificate.verification_rejected',
      'customer.read_only',
    ]);
    expect(a.record.recovery).toMatchObject({ reason: 'verification_rejected', goodChecks: 0 });
    expect(a.record.nextCheckAt).toBe(nextRoutineCheck('cus_1', T0 + HOUR, policy, rnd));
    const b = transition(
      a.record,
      { type: 'check_failed', failure: 'permanent', code: 'not_found' },
      T0 + 7 * HOUR,
      policy,
      rnd,
    );
    expect(ofKind(b.effects, 'notify')).toEqual([]);
  });
});

describe('provision_requested', () => {
  it('without a live certificate: provisioning, and an insurer request', () => {
    const out = transition(fresh, { type: 'provision_requested', requestId: 'req_1', actor: 'admin' }, T0, policy, rnd);
    expect(out.record).toMatchObject({ state: 'provisioning', provisioningRequestId: 'req_1' });
    expect(ofKind(out.effects, 'insurer_request')).toEqual([
      {
        kind: 'insurer_request',
        customerId: 'cus_1',
        purpose: 'provision',
        certificateId: null,
        requestId: 'req_1',
        attempt: 1,
      },
    ]);
  });

  it('provisioning -> linked (issued) -> verifying', () => {
    const { record } = run(
      fresh,
      [
        [T0, { type: 'provision_requested', requestId: 'req_1' }],
        [T0 + HOUR, { type: 'linked', certificateId: 'cert_a' }],
      ],
      policy,
    );
    expect(record).toMatchObject({ state: 'verifying', provisioningRequestId: null, certificateId: 'cert_a' });
  });

  it('a provision failure is recorded while the request stays open', () => {
    const { record } = run(
      fresh,
      [
        [T0, { type: 'provision_requested', requestId: 'req_1' }],
        [T0 + HOUR, { type: 'check_failed', failure: 'transient', code: 'pending' }],
      ],
      policy,
    );
    expect(record).toMatchObject({ state: 'provisioning', consecutiveFailures: 1 });
  });

  it('with a live certificate: handled as a renewal, so coverage never gaps', () => {
    const { record } = linkedAndVerified(fresh, cert, policy);
    const out = transition(record, { type: 'provision_requested', requestId: 'req_2' }, T0 + HOUR, policy, rnd);
    expect(out.record.state).toBe('renewing');
    expect(ofKind(out.effects, 'insurer_request')[0]).toMatchObject({ purpose: 'renewal', certificateId: 'cert_a' });
  });
});

describe('tick', () => {
  it('with nothing due returns the same record and no effects', () => {
    const { record } = linkedAndVerified(fresh, cert, policy);
    const out = transition(record, { type: 'tick' }, T0 + HOUR, policy, rnd);
    expect(out.record).toBe(record);
    expect(out.effects).toEqual([]);
  });

  it('always leaves a wake-up after now or a due check, so a scheduler never spins', () => {
    const { record } = linkedAndVerified(fresh, cert, policy);
    let r = record;
    for (let t = T0; t < T0 + 300 * DAY; t += 5 * HOUR) {
      r = transition(r, { type: 'tick' }, t, policy, rnd).record;
      expect(r.wakeAt === null || r.wakeAt > t || (r.nextCheckAt !== null && r.nextCheckAt <= t)).toBe(true);
    }
  });
});

describe('guards', () => {
  it('throws a DomainError with the catalog code for an inapplicable operator event', () => {
    try {
      transition(fresh, { type: 'renewal_started' }, T0, policy, rnd);
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e) && e.code).toBe('TAI-CERT-NOT-LINKED');
    }
  });
});
