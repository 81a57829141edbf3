import { describe, expect, it } from 'vitest';
import { expectDomainError } from '../../../test/fixtures/pricing/helpers.ts';
import { parseDay, versionInForce } from './version.ts';

const versions = [
  { version: 1, effectiveFrom: '2026-01-01' },
  { version: 2, effectiveFrom: '2026-04-01' },
  { version: 3, effectiveFrom: '2026-02-01' }, // stored later, effective earlier than v2
  { version: 4, effectiveFrom: '2026-04-01' }, // same day as v2: the higher number wins
  { version: 5, effectiveFrom: '2027-01-01' }, // future
];

describe('versionInForce', () => {
  it('picks the latest effectiveFrom on or before the day', () => {
    expect(versionInForce(versions, '2026-01-01').version).toBe(1);
    expect(versionInForce(versions, '2026-01-31').version).toBe(1);
    expect(versionInForce(versions, '2026-02-01').version).toBe(3);
    expect(versionInForce(versions, '2026-03-31').version).toBe(3);
    expect(versionInForce(versions, '2026-12-31').version).toBe(4);
    expect(versionInForce(versions, '2030-06-15').version).toBe(5);
  });

  it('does not depend on the order of the list', () => {
    const reversed = [...versions].reverse();
    for (const day of ['2026-01-01', '2026-02-15', '2026-04-01', '2027-01-01']) {
      expect(versionInForce(reversed, day)).toBe(versionInForce(versions, day));
    }
  });

  it('says clearly when nothing is in force', () => {
    expectDomainError(() => versionInForce(versions, '2025-12-31'), 'TAI-PRICING-NOT-IN-FORCE', '/at');
    expectDomainError(() => versionInForce([], '2026-01-01'), 'TAI-PRICING-NOT-FOUND');
    expectDomainError(() => versionInForce(versions, '2026-1-1'), 'TAI-PRICING-DATE-INVALID', '/at');
  });

  it('names the earliest effective date in the message', () => {
    try {
      versionInForce(versions, '2025-06-01');
    } catch (e) {
      expect((e as Error).message).toContain('2026-01-01');
    }
  });
});

describe('parseDay', () => {
  it('accepts real days, leap days included', () => {
    for (const day of ['2026-01-01', '2024-02-29', '2000-02-29', '2026-12-31', '2026-04-30']) {
      expect(parseDay(day, '/d')).toBe(day);
    }
  });
  it('rejects impossible or malformed days', () => {
    for (const day of [
      '2026-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-00-10',
      '2026-01-00',
      '0000-01-01',
      '2026-1-01',
      '20260101',
      '2026-01-01T00:00:00Z',
    ]) {
      expectDomainError(() => parseDay(day, '/d'), 'TAI-PRICING-DATE-INVALID', '/d');
    }
  });
});
