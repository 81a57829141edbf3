/** Our own limiter over real HTTP: we queue under the provider's quota instead of earning 429s. */
import { afterEach, describe, expect, it } from 'vitest';
import { startRig, type Rig } from './helpers.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
});

describe('client rate limiter', () => {
  it('sustains load under the provider quota without a single 429', async () => {
    rig = await startRig({ sim: { rateLimitPerMinute: 10 }, policy: { rateLimitPerWindow: 9, deadlineMs: 120_000 } });
    for (let i = 0; i < 25; i++) {
      const r = await rig.client.verifyCertificate(rig.certificateId, { fresh: true });
      expect(r.ok).toBe(true);
    }
    expect(rig.sim.calls().filter((c) => c.status === 429)).toHaveLength(0);
    expect(rig.v1Calls()).toHaveLength(25);
    expect(rig.delays.filter((d) => d > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('queues up to its bound and fails fast beyond it, without calling', async () => {
    const r = await startRig({ policy: { rateLimitPerWindow: 3, rateLimitMaxQueue: 1, deadlineMs: 120_000 } });
    rig = r;
    const ids = [1, 2, 3, 4, 5].map((n) => r.sim.createCertificate({ insured: `Party ${n}` }).certificateId);
    // Warm the JWKS with another certificate (a cached one would be served stale instead of failing).
    expect((await rig.client.getCertificateDetails(rig.certificateId)).ok).toBe(true);
    rig.clock.advance(60_000);
    const results = await Promise.all(ids.map((id) => r.client.verifyCertificate(id)));
    const codes = results.map((x) => (x.ok ? 'ok' : x.error.code));
    expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'rate_limited_locally']);
    expect(rig.delays).toEqual([60_000]);
    expect(rig.v1Calls()).toHaveLength(1 + 4);
  });

  it('does not wait past the deadline', async () => {
    // Two slots: the first verification also fetches the JWKS.
    rig = await startRig({ policy: { rateLimitPerWindow: 2 } });
    await rig.client.verifyCertificate(rig.certificateId);
    const other = rig.sim.createCertificate({ insured: 'Other Party' }).certificateId;
    const r = await rig.client.verifyCertificate(other);
    expect(!r.ok && r.error).toMatchObject({ code: 'rate_limited_locally', retryAfterMs: 60_000 });
    expect(rig.delays).toEqual([]);
  });
});
