import { describe, expect, it } from 'vitest';
import { defaultLifecyclePolicy as policy } from './policy.ts';
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
import type { CertificateRecord } from './types.ts';
import { writable } from './view.ts';

const rnd = fixedRandom();
const expiry = T0 + 200 * DAY;
const cert = makeCert({ from: T0 - 10 * DAY, to: expiry });
const due = T0 + 130 * DAY; // effectiveFrom + 2/3 of the 210-day lifetime, earlier than expiry - 30 days
const next = makeCert({ id: 'cert_b', from: T0 + 120 * DAY, to: expiry + 365 * DAY });
const linkedAt = due - HOUR; // verified shortly before the renewal falls due, so the grace holds
const verified = linkedAndVerified(newCertificateRecord('cus_1', linkedAt), cert, policy, linkedAt).record;
const started = (): CertificateRecord => transition(verified, { type: 'tick' }, due, policy, rnd).record;

describe('renewal start', () => {
  it('is planned at min(expiry - lead, 2/3 of the lifetime) plus a random point of the window', () => {
    expect(verified.renewal?.dueAt).toBe(due);
    const jittered = linkedAndVerified(newCertificateRecord('cus_1', T0), cert, policy, T0, fixedRandom(0.5)).record;
    expect(jittered.renewal?.dueAt).toBe(due + policy.renewalWindowMs / 2);
    expect(verified.recovery).toBeNull();
    expect(verified.wakeAt).toBeLessThanOrEqual(due);
  });

  it('tick at the due time: active -> renewing, with an insurer request', () => {
    const out = transition(verified, { type: 'tick' }, due, policy, rnd);
    expect(out.record.state).toBe('renewing');
    expect(out.record.renewal).toMatchObject({
      startedAt: due,
      attempts: 1,
      nextAttemptAt: due + policy.renewalAttemptTimeoutMs,
    });
    expect(ofKind(out.effects, 'insurer_request')).toEqual([
      {
        kind: 'insurer_request',
        customerId: 'cus_1',
        purpose: 'renewal',
        certificateId: 'cert_a',
        requestId: null,
        attempt: 1,
      },
    ]);
    expect(certificateReceipts(out.effects)[0]).toMatchObject({
      fromState: 'active',
      toState: 'renewing',
      writable: true,
    });
  });

  it('an unanswered request is re-sent after the attempt timeout', () => {
    const out = transition(started(), { type: 'tick' }, due + HOUR, policy, rnd);
    expect(ofKind(out.effects, 'insurer_request')[0]?.attempt).toBe(2);
  });

  it('an operator can start it early', () => {
    const out = transition(verified, { type: 'renewal_started', actor: 'ops' }, linkedAt + MINUTE, policy, rnd);
    expect(out.record.state).toBe('renewing');
    expect(
      ofKind(out.effects, 'audit').find((a) => a.type === 'certificate.renewal_requested')?.details['trigger'],
    ).toBe('operator');
  });
});

describe('renewal_failed', () => {
  it('transient: backs off exponentially', () => {
    let r = started();
    const delays: number[] = [];
    let t = due;
    for (let i = 0; i < 5; i++) {
      r = transition(r, { type: 'renewal_failed', failure: 'transient', code: 'http_503' }, t, policy, rnd).record;
      const at = r.renewal?.nextAttemptAt ?? 0;
      delays.push(at - t);
      t = at;
      r = transition(r, { type: 'tick' }, t, policy, rnd).record;
    }
    // equal jitter with random 0: half of 15, 30, 60, 120, 240 minutes
    expect(delays).toEqual([7.5, 15, 30, 60, 120].map((m) => m * MINUTE));
    expect(r.renewal?.attempts).toBe(6);
    expect(r.state).toBe('renewing');
  });

  it('transient: the backoff is capped by half the time left', () => {
    let r = started();
    r = { ...r, renewal: r.renewal === null ? null : { ...r.renewal, attempts: 20 } };
    const out = transition(
      r,
      { type: 'renewal_failed', failure: 'transient', code: 'timeout' },
      expiry - 2 * HOUR,
      policy,
      fixedRandom(0.999999),
    );
    expect((out.record.renewal?.nextAttemptAt ?? 0) - (expiry - 2 * HOUR)).toBeLessThanOrEqual(HOUR);
  });

  it('permanent: halts, pages on-call once, and the state returns to active/expiring', () => {
    const out = transition(
      started(),
      { type: 'renewal_failed', failure: 'permanent', code: 'declined' },
      due + MINUTE,
      policy,
      rnd,
    );
    expect(out.record.renewal).toMatchObject({
      halted: true,
      nextAttemptAt: null,
      lastFailure: { failure: 'permanent', code: 'declined' },
    });
    expect(out.record.state).toBe('active');
    expect(notifications(out.effects).map((n) => [n.type, n.severity])).toEqual([
      ['certificate.renewal_halted', 'error'],
    ]);
    const later = transition(out.record, { type: 'tick' }, due + 3 * DAY, policy, rnd);
    expect(ofKind(later.effects, 'insurer_request')).toEqual([]);
    const resumed = transition(out.record, { type: 'renewal_started', actor: 'ops' }, due + DAY, policy, rnd);
    expect(resumed.record.renewal).toMatchObject({ halted: false, attempts: 1, startedAt: due + DAY });
  });

  it('without a running renewal is ignored', () => {
    const out = transition(
      verified,
      { type: 'renewal_failed', failure: 'transient', code: 'x' },
      linkedAt + MINUTE,
      policy,
      rnd,
    );
    expect(out.record).toBe(verified);
    expect(ofKind(out.effects, 'audit')[0]).toMatchObject({ outcome: 'success', details: { ignored: true } });
  });
});

describe('renewal_obtained', () => {
  it('effective now: switches at once, archives the old certificate, plans the next renewal', () => {
    const out = transition(started(), { type: 'renewal_obtained', certificate: next }, due + MINUTE, policy, rnd);
    expect(out.record).toMatchObject({
      certificateId: 'cert_b',
      certificate: next,
      state: 'active',
      lastVerifiedAt: due + MINUTE,
    });
    expect(out.record.renewal).toMatchObject({ forCertificateId: 'cert_b', startedAt: null });
    expect(persisted(out.effects, 'certificate_archive')).toEqual([
      { kind: 'persist', entity: 'certificate_archive', customerId: 'cus_1', certificate: cert, replacedBy: 'cert_b' },
    ]);
    expect(certificateReceipts(out.effects)[0]).toMatchObject({
      event: 'renewal_obtained',
      fromState: 'renewing',
      toState: 'active',
      certificateId: 'cert_b',
    });
  });

  it('effective later: held as the successor, switched in at its start with a prompt re-check, no gap in writes', () => {
    const future = makeCert({ id: 'cert_b', from: expiry, to: expiry + 365 * DAY });
    const held = transition(started(), { type: 'renewal_obtained', certificate: future }, due + MINUTE, policy, rnd);
    expect(held.record.certificateId).toBe('cert_a');
    expect(held.record.renewal).toMatchObject({ successor: future, successorVerifiedAt: due + MINUTE });
    expect(held.record.state).toBe('renewing');
    let r = held.record;
    // Keep the old certificate verified until its end, ticking at every wake-up.
    let t = due + MINUTE;
    const notifications = [];
    while (t < expiry) {
      t = Math.min(r.wakeAt ?? expiry, expiry);
      const event =
        r.nextCheckAt !== null && r.nextCheckAt <= t && t < expiry
          ? ({ type: 'check_succeeded', certificate: cert } as const)
          : ({ type: 'tick' } as const);
      const out = transition(r, event, t, policy, rnd);
      notifications.push(...ofKind(out.effects, 'notify'));
      r = out.record;
      expect(writable(r, t, policy)).toEqual({ ok: true });
    }
    expect(notifications).toEqual([]); // a covering successor makes expiry warnings moot
    expect(r).toMatchObject({ certificateId: 'cert_b', nextCheckAt: expiry, state: 'active', recovery: null });
    expect(writable(r, expiry, policy)).toEqual({ ok: true });
  });

  it('an operator start after a successor is in hand changes nothing', () => {
    const future = makeCert({ id: 'cert_b', from: expiry, to: expiry + 365 * DAY });
    const held = transition(
      started(),
      { type: 'renewal_obtained', certificate: future },
      due + MINUTE,
      policy,
      rnd,
    ).record;
    const out = transition(held, { type: 'renewal_started', actor: 'ops' }, due + HOUR, policy, rnd);
    expect(out.record.renewal).toEqual(held.renewal);
    expect(ofKind(out.effects, 'insurer_request')).toEqual([]);
    expect(ofKind(out.effects, 'audit')[0]).toMatchObject({
      outcome: 'success',
      details: { reason: 'successor_already_obtained', ignored: true },
    });
  });

  it('the switch at the successor’s start leaves a receipt named switched_to_successor', () => {
    const future = makeCert({ id: 'cert_b', from: expiry, to: expiry + 365 * DAY });
    let r = transition(started(), { type: 'renewal_obtained', certificate: future }, due + MINUTE, policy, rnd).record;
    r = transition(r, { type: 'check_succeeded', certificate: cert }, expiry - HOUR, policy, rnd).record;
    const out = transition(r, { type: 'tick' }, expiry, policy, rnd);
    expect(certificateReceipts(out.effects)[0]).toMatchObject({
      event: 'switched_to_successor',
      certificateId: 'cert_b',
    });
    expect(persisted(out.effects, 'certificate_archive')).toHaveLength(1);
  });

  it.each([
    ['successor_not_active', { ...next, status: 'suspended' as const }],
    ['successor_not_later', makeCert({ id: 'cert_b', to: expiry })],
    ['successor_is_current', { ...cert, expiresAt: next.expiresAt }],
    ['successor_other_insured', makeCert({ id: 'cert_b', from: T0, to: expiry + DAY, insured: 'cus_other' })],
    ['successor_expired', makeCert({ id: 'cert_b', from: T0 - 400 * DAY, to: T0 })],
  ])('rejects an invalid successor (%s) as a transient renewal failure', (code, bad) => {
    const out = transition(started(), { type: 'renewal_obtained', certificate: bad }, due + MINUTE, policy, rnd);
    expect(out.record.certificateId).toBe('cert_a');
    expect(out.record.renewal?.lastFailure).toMatchObject({ failure: 'transient', code });
    expect(out.record.renewal?.successor).toBeNull();
  });
});
