import { describe, expect, it } from 'vitest';
import type { LifecycleView } from '../certificate/view.ts';
import { daysToExpiry, summarizeInsurance } from './overview.ts';

const NOW = Date.UTC(2026, 2, 1);
const DAY = 86_400_000;

const view = (over: Partial<LifecycleView> & { expiresInDays?: number } = {}): LifecycleView => {
  const { expiresInDays = 365, ...rest } = over;
  return {
    customerId: 'cus_1',
    at: NOW,
    state: 'active',
    certificate: {
      certificateId: 'cert_a',
      policyNumber: 'POL-1',
      insurer: { name: 'Model Mutual', naic: '12345' },
      insured: { name: 'C', reference: 'cus_1' },
      coverages: [],
      effectiveFrom: new Date(NOW - DAY).toISOString(),
      expiresAt: new Date(NOW + expiresInDays * DAY).toISOString(),
      status: 'active',
      issuedAt: new Date(NOW - DAY).toISOString(),
    },
    writable: { ok: true },
    degraded: false,
    graceEndsAt: NOW + 3 * DAY,
    lastCheckAt: NOW,
    lastVerifiedAt: NOW,
    nextCheckAt: NOW + DAY,
    consecutiveFailures: 0,
    lastFailure: null,
    recovery: null,
    renewal: null,
    warningsRaised: [],
    ...rest,
  };
};

describe('summarizeInsurance', () => {
  it('counts states, read-only customers, expiry windows and running grace periods', () => {
    const s = summarizeInsurance(
      [
        view(),
        view({ state: 'expiring', expiresInDays: 20 }),
        view({ state: 'expiring', expiresInDays: 5 }),
        view({ state: 'expiring', expiresInDays: 0.5, consecutiveFailures: 2 }),
        view({ state: 'revoked', expiresInDays: 3, writable: { ok: false, reason: 'revoked' } }),
        view({ state: 'verifying', certificate: null, writable: { ok: false, reason: 'no_certificate' } }),
        view({ consecutiveFailures: 1, graceEndsAt: NOW - 1 }),
      ],
      NOW,
    );
    expect(s.customers).toBe(7);
    expect(s.byState).toMatchObject({ active: 2, expiring: 3, revoked: 1, verifying: 0 + 1, expired: 0 });
    expect(s.readOnly).toBe(2);
    // The revoked certificate is not counted as expiring: it no longer covers anything.
    expect(s.expiringWithin).toEqual({ 30: 3, 7: 2, 1: 1 });
    expect(s.gracePeriods).toBe(1);
  });

  it('gives whole days to expiry, negative after it', () => {
    expect(daysToExpiry(new Date(NOW + 7.5 * DAY).toISOString(), NOW)).toBe(7);
    expect(daysToExpiry(new Date(NOW - 1).toISOString(), NOW)).toBe(-1);
  });
});
