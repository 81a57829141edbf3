/** The certificate cache over real HTTP: TTL, stale-if-error inside the grace only, eviction, coalescing. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRig, type Rig } from './helpers.ts';

const MIN = 60_000;
const DAY = 86_400_000;

let rig: Rig;
beforeEach(async () => {
  rig = await startRig({ policy: { maxRetries: 0 } });
});
afterEach(async () => {
  await rig.close();
});

describe('certificate cache', () => {
  it('serves a fresh copy for 5 minutes without calling; fresh: true bypasses it', async () => {
    await rig.client.verifyCertificate(rig.certificateId);
    rig.clock.advance(5 * MIN - 1);
    const hit = await rig.client.verifyCertificate(rig.certificateId);
    expect(hit.ok && hit.value.source).toBe('cache');
    expect(rig.v1Calls()).toHaveLength(1);
    const forced = await rig.client.verifyCertificate(rig.certificateId, { fresh: true });
    expect(forced.ok && forced.value.source).toBe('network');
    expect(rig.v1Calls()).toHaveLength(2);
    rig.clock.advance(5 * MIN);
    await rig.client.verifyCertificate(rig.certificateId);
    expect(rig.v1Calls()).toHaveLength(3);
  });

  it('serves the last verified copy when the provider fails transiently, within the 7-day grace', async () => {
    await rig.client.verifyCertificate(rig.certificateId);
    const verifiedAt = rig.clock.now();
    await rig.sim.setScenario({ scenario: 'server_error' });
    rig.clock.advance(7 * DAY);
    const stale = await rig.client.verifyCertificate(rig.certificateId);
    expect(stale.ok && stale.value).toMatchObject({ source: 'stale', staleBecause: 'server_error', verifiedAt });
    rig.clock.advance(1);
    const beyond = await rig.client.verifyCertificate(rig.certificateId);
    expect(!beyond.ok && beyond.error.code).toBe('server_error');
    expect(rig.v1Calls()).toHaveLength(3);
  });

  it('stale-if-error covers the provider being down too', async () => {
    await rig.client.verifyCertificate(rig.certificateId);
    await rig.sim.setScenario({ scenario: 'down' });
    rig.clock.advance(DAY);
    const stale = await rig.client.verifyCertificate(rig.certificateId);
    expect(stale.ok && stale.value).toMatchObject({ source: 'stale', staleBecause: 'network' });
  });

  it('a stale copy still fails verification once its own dates say expired', async () => {
    const { certificateId } = rig.sim.createCertificate({
      insured: 'Brief Cover Ltd',
      expiresAt: '2026-03-02T00:00:00Z',
    });
    await rig.client.verifyCertificate(certificateId);
    await rig.sim.setScenario({ scenario: 'server_error' });
    rig.clock.advance(DAY);
    const r = await rig.client.verifyCertificate(certificateId);
    expect(!r.ok && r.error).toMatchObject({ code: 'certificate_expired', certificate: { source: 'stale' } });
  });

  it('a permanent error is never masked by the cache, and evicts the entry', async () => {
    await rig.client.verifyCertificate(rig.certificateId);
    rig.clock.advance(6 * MIN);
    await rig.sim.setScenario({ scenario: 'not_found' }, rig.certificateId);
    expect(await rig.client.verifyCertificate(rig.certificateId)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    await rig.sim.setScenario({ scenario: 'server_error' }, rig.certificateId);
    expect(await rig.client.verifyCertificate(rig.certificateId)).toMatchObject({
      ok: false,
      error: { code: 'server_error' },
    });
  });

  it('bad signatures are never masked by the cache', async () => {
    await rig.client.verifyCertificate(rig.certificateId);
    await rig.sim.setScenario({ scenario: 'bad_signature' });
    const r = await rig.client.verifyCertificate(rig.certificateId, { fresh: true });
    expect(!r.ok && r.error.code).toBe('bad_signature');
  });

  it('caches an authentic revoked document: the next check within the TTL answers revoked without calling', async () => {
    await rig.sim.setScenario({ scenario: 'revoked' }, rig.certificateId);
    await rig.client.verifyCertificate(rig.certificateId);
    const again = await rig.client.verifyCertificate(rig.certificateId);
    expect(!again.ok && again.error).toMatchObject({ code: 'certificate_revoked', certificate: { source: 'cache' } });
    expect(rig.v1Calls()).toHaveLength(1);
  });

  it('concurrent misses for one certificate share one call', async () => {
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => rig.client.verifyCertificate(rig.certificateId)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(rig.v1Calls()).toHaveLength(1);
  });
});
