import { describe, expect, it } from 'vitest';
import { defaultLifecyclePolicy } from './policy.ts';
import { newCertificateRecord } from './record.ts';
import {
  DAY,
  HOUR,
  T0,
  fixedRandom,
  linkedAndVerified,
  makeCert,
  ofKind,
  run,
  certificateReceipts,
  notifications,
  warningsOf,
} from '../../../test/support/lifecycle.ts';
import { transition } from './transition.ts';
import type { CertificateRecord } from './types.ts';
import { currentState, writable } from './view.ts';

const policy = defaultLifecyclePolicy;
const expiry = T0 + 60 * DAY;
const cert = makeCert({ from: T0 - 1000 * DAY, to: expiry });
const rnd = fixedRandom();
const verifiedAt = (t: number): CertificateRecord =>
  linkedAndVerified(newCertificateRecord('cus_1', t), cert, policy, t).record;

/**
 * Keeps the certificate verified (a good check at each due check) and ticks at every wake-up until `until`.
 * The insurer declines every renewal, so the certificate runs out.
 */
const live = (start: CertificateRecord, until: number) => {
  let record = start;
  const effects = [];
  let t = record.updatedAt;
  while (t < until) {
    const next = Math.min(record.wakeAt ?? until, until);
    t = Math.max(next, t + 1);
    const event =
      record.nextCheckAt !== null && record.nextCheckAt <= t
        ? ({ type: 'check_succeeded', certificate: cert } as const)
        : ({ type: 'tick' } as const);
    let out = transition(record, event, t, policy, rnd);
    if (ofKind(out.effects, 'insurer_request').length > 0) {
      effects.push(...out.effects);
      out = transition(out.record, { type: 'renewal_failed', failure: 'permanent', code: 'declined' }, t, policy, rnd);
    }
    record = out.record;
    effects.push(...out.effects);
  }
  return { record, effects };
};

describe('expiry warnings', () => {
  it('raises 30 d (internal), 7 d (customer), 1 d (on-call) and expiry (critical), each once, at their instants', () => {
    const { record, effects } = live(verifiedAt(T0), expiry + 10 * DAY);
    expect(notifications(effects).filter((n) => n.type === 'certificate.renewal_halted')).toHaveLength(1);
    const warnings = warningsOf(effects);
    expect(
      warnings.map((w) => [w.threshold, Date.parse(w.at) - expiry, w.severity, w.incident?.action ?? null]),
    ).toEqual([
      ['days_30', -30 * DAY, 'info', null],
      ['days_7', -7 * DAY, 'warning', null],
      ['days_1', -1 * DAY, 'warning', 'trigger'],
      ['expired', 0, 'critical', 'trigger'],
    ]);
    expect(new Set(warnings.map((w) => w.dedupeKey)).size).toBe(4);
    expect(record.warnings.map((r) => [r.threshold, r.expiresAt, r.at - expiry])).toEqual([
      ['days_30', cert.expiresAt, -30 * DAY],
      ['days_7', cert.expiresAt, -7 * DAY],
      ['days_1', cert.expiresAt, -DAY],
      ['expired', cert.expiresAt, 0],
    ]);
  });

  it('active -> expiring at 30 days, expiring -> expired at expiry: read-only and recovery pending', () => {
    const before = live(verifiedAt(T0), expiry - 30 * DAY - 1).record;
    expect(before.state).toBe('active');
    const expiring = transition(before, { type: 'tick' }, expiry - 30 * DAY, policy, rnd);
    expect(expiring.record.state).toBe('expiring');
    expect(certificateReceipts(expiring.effects)[0]).toMatchObject({
      fromState: 'active',
      toState: 'expiring',
      writable: true,
    });
    const atExpiry = live(expiring.record, expiry);
    expect(atExpiry.record.state).toBe('expired');
    expect(atExpiry.record.recovery).toMatchObject({ reason: 'expired', since: expiry, goodChecks: 0 });
    expect(writable(atExpiry.record, expiry, policy)).toEqual({ ok: false, reason: 'expired' });
    const receipts = certificateReceipts(atExpiry.effects);
    expect(receipts.at(-1)).toMatchObject({
      fromState: 'expiring',
      toState: 'expired',
      writable: false,
      reason: 'expired',
    });
  });

  it('a restart with the persisted record does not raise again', () => {
    const { record } = live(verifiedAt(T0), expiry - 7 * DAY);
    expect(record.warnings.map((r) => r.threshold)).toEqual(['days_30', 'days_7']);
    const restored = JSON.parse(JSON.stringify(record)) as CertificateRecord;
    const again = transition(restored, { type: 'tick' }, expiry - 7 * DAY + HOUR, policy, rnd);
    expect(ofKind(again.effects, 'notify')).toEqual([]);
  });

  it('a certificate linked late raises every crossed threshold at once, each once', () => {
    const start = T0 + 58 * DAY; // 2 days left
    const { record, effects } = run(
      newCertificateRecord('cus_1', start),
      [
        [start, { type: 'linked', certificateId: 'cert_a' }],
        [start, { type: 'check_succeeded', certificate: cert }],
        [start + HOUR, { type: 'tick' }],
      ],
      policy,
    );
    expect(warningsOf(effects).map((w) => w.threshold)).toEqual(['days_30', 'days_7']);
    expect(record.warnings.map((r) => r.threshold)).toEqual(['days_30', 'days_7']);
  });

  it('an expiry the insurer moved gets its own warnings; moving it back does not raise the old ones again', () => {
    const { record } = live(verifiedAt(T0), expiry - 7 * DAY);
    const extended = { ...cert, expiresAt: new Date(expiry + 365 * DAY).toISOString() };
    const out = transition(record, { type: 'check_succeeded', certificate: extended }, expiry - 6 * DAY, policy, rnd);
    expect(out.record.warnings.map((r) => r.expiresAt)).toEqual([cert.expiresAt, cert.expiresAt]);
    expect(ofKind(out.effects, 'notify')).toEqual([]);
    const back = transition(
      out.record,
      { type: 'check_succeeded', certificate: cert },
      expiry - 6 * DAY + HOUR,
      policy,
      rnd,
    );
    expect(ofKind(back.effects, 'notify')).toEqual([]);
    const later = transition(
      out.record,
      { type: 'check_succeeded', certificate: extended },
      expiry + 340 * DAY,
      policy,
      rnd,
    );
    const warnings = warningsOf(later.effects);
    expect(warnings.map((n) => [n.threshold, n.expiresAt])).toEqual([['days_30', extended.expiresAt]]);
    expect(out.record.renewal).toMatchObject({ forExpiresAt: extended.expiresAt, halted: false });
    expect(currentState(out.record, expiry)).toBe('renewing');
    expect(writable(out.record, expiry, policy)).toEqual({ ok: true });
  });

  it('switching back to a certificate already warned about does not warn again', () => {
    const { record } = live(verifiedAt(T0), expiry - 7 * DAY);
    const other = makeCert({ id: 'cert_b', from: T0, to: expiry + 365 * DAY });
    const away = transition(
      record,
      { type: 'rotated', certificate: other },
      expiry - 7 * DAY + HOUR,
      policy,
      rnd,
    ).record;
    const back = transition(away, { type: 'rotated', certificate: cert }, expiry - 7 * DAY + 2 * HOUR, policy, rnd);
    expect(ofKind(back.effects, 'notify')).toEqual([]);
    expect(back.record.warnings.map((w) => w.certificateId)).toEqual(['cert_a', 'cert_a']);
  });

  it('no warnings for a revoked certificate', () => {
    const out = transition(
      verifiedAt(T0),
      { type: 'check_succeeded', certificate: { ...cert, status: 'revoked' } },
      expiry - 2 * DAY,
      policy,
      rnd,
    );
    expect(warningsOf(out.effects)).toEqual([]);
  });
});
