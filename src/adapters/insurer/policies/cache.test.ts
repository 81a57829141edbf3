import { describe, expect, it } from 'vitest';
import type { VerifiedCertificate } from '../../../domain/insurance/verification.ts';
import { isFresh, isWithinGrace, MemoryCertificateCache } from './cache.ts';

const cert = (id: string, verifiedAt = 0): VerifiedCertificate =>
  ({
    document: { certificateId: id },
    jws: 'j',
    kid: 'k',
    verifiedAt,
    source: 'network',
  }) as unknown as VerifiedCertificate;

describe('certificate cache', () => {
  it('is fresh strictly inside the TTL and usable as stale up to and including the grace', () => {
    expect(isFresh(cert('a', 0), 299_999, 300_000)).toBe(true);
    expect(isFresh(cert('a', 0), 300_000, 300_000)).toBe(false);
    expect(isWithinGrace(cert('a', 0), 1000, 1000)).toBe(true);
    expect(isWithinGrace(cert('a', 0), 1001, 1000)).toBe(false);
  });

  it('evicts the entry written longest ago beyond its bound', () => {
    const cache = new MemoryCertificateCache(2);
    cache.set('a', cert('a'));
    cache.set('b', cert('b'));
    cache.set('a', cert('a', 5));
    cache.set('c', cert('c'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.verifiedAt).toBe(5);
    expect(cache.size).toBe(2);
  });
});
