import { describe, expect, it } from 'vitest';
import { lastInsurerSuccess, systemReadOnly } from './system.ts';

const DAY = 86_400_000;

describe('system read-only', () => {
  it('follows the operator switch first', () => {
    expect(
      systemReadOnly({
        operator: { enabled: true, reason: 'maintenance' },
        lastInsurerSuccessAt: 0,
        nowMs: 1,
        graceMs: DAY,
      }),
    ).toEqual({
      cause: 'operator',
      reason: 'maintenance',
    });
    expect(
      systemReadOnly({ operator: { enabled: false, reason: '' }, lastInsurerSuccessAt: 0, nowMs: 1, graceMs: DAY }),
    ).toBeNull();
  });

  it('turns on when no customer has been verified for the grace, and not for an installation that never reached the insurer', () => {
    expect(
      systemReadOnly({ operator: null, lastInsurerSuccessAt: 0, nowMs: 7 * DAY - 1, graceMs: 7 * DAY }),
    ).toBeNull();
    expect(systemReadOnly({ operator: null, lastInsurerSuccessAt: 0, nowMs: 7 * DAY, graceMs: 7 * DAY })).toEqual({
      cause: 'insurer_unreachable',
      since: 0,
    });
    expect(
      systemReadOnly({ operator: null, lastInsurerSuccessAt: null, nowMs: 70 * DAY, graceMs: 7 * DAY }),
    ).toBeNull();
  });

  it('takes the latest verification over all records', () => {
    expect(
      lastInsurerSuccess([
        { lastVerifiedAt: 5 },
        { lastVerifiedAt: null },
        { lastVerifiedAt: 9 },
        { lastVerifiedAt: 2 },
      ]),
    ).toBe(9);
    expect(lastInsurerSuccess([])).toBeNull();
  });
});
