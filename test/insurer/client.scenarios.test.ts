/** The scenario matrix over real HTTP: each simulator scenario, the client's result, the calls seen and the delays chosen. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InsurerError } from '../../src/domain/insurance/verification.ts';
import type { Result } from '../../src/domain/shared/result.ts';
import { startRig, type Rig } from './helpers.ts';

const errorOf = <T>(r: Result<T, InsurerError>): InsurerError => {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value).slice(0, 200)}`);
  return r.error;
};

let rig: Rig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(async () => {
  await rig.close();
});

const scenario = async (name: string, extra: Record<string, unknown> = {}): Promise<void> => {
  const res = await rig.control(`/_sim/certificates/${rig.certificateId}/scenario`, { scenario: name, ...extra });
  expect(res.status).toBe(200);
};

describe('healthy', () => {
  it('verifies an active certificate with one call and one JWKS fetch', async () => {
    const r = await rig.client.verifyCertificate(rig.certificateId);
    expect(r.ok && r.value.source).toBe('network');
    expect(r.ok && r.value.document.policyNumber).toBe('GL-2026-0001');
    expect(rig.v1Calls().map((c) => [c.method, c.status])).toEqual([['GET', 200]]);
    expect(rig.jwksCalls()).toHaveLength(1);
    expect(rig.delays).toEqual([]);
  });
});

describe('certificate states (authentic, not in force)', () => {
  it.each([
    ['expired', 'certificate_expired'],
    ['revoked', 'certificate_revoked'],
    ['suspended', 'certificate_suspended'],
  ] as const)(
    '%s: verify fails permanently with the signed document attached; details still succeed',
    async (name, code) => {
      await scenario(name);
      const e = errorOf(await rig.client.verifyCertificate(rig.certificateId));
      expect(e).toMatchObject({ kind: 'permanent', code, retryable: false });
      expect(e.certificate?.document.certificateId).toBe(rig.certificateId);
      expect(rig.v1Calls()).toHaveLength(1);
      expect(rig.delays).toEqual([]);
      const details = await rig.client.getCertificateDetails(rig.certificateId);
      expect(details.ok).toBe(true);
    },
  );

  it('expired: expiresAt is yesterday on the simulated clock', async () => {
    await scenario('expired');
    const e = errorOf(await rig.client.verifyCertificate(rig.certificateId));
    expect(e.certificate?.document.expiresAt).toBe('2026-02-28T00:00:00.000Z');
  });

  it('expires naturally when the simulated clock passes expiresAt', async () => {
    const { certificateId } = rig.sim.createCertificate({
      insured: 'Short Term Co',
      expiresAt: '2026-03-01T00:02:00Z',
    });
    expect((await rig.client.verifyCertificate(certificateId)).ok).toBe(true);
    rig.clock.advance(3 * 60_000);
    expect(errorOf(await rig.client.verifyCertificate(certificateId)).code).toBe('certificate_expired');
    // Expiry is judged against the clock on every call, even from the cache: no new call was needed.
    expect(rig.v1Calls()).toHaveLength(1);
  });

  it('revocation status is signed and says revoked', async () => {
    await scenario('revoked');
    const r = await rig.client.getRevocationStatus(rig.certificateId);
    expect(r.ok && r.value).toMatchObject({
      certificateId: rig.certificateId,
      status: 'revoked',
      reason: 'cancelled by the insurer',
    });
  });
});

describe('permanent provider errors: one call, no retry', () => {
  it.each([
    ['not_found', 'not_found', 404],
    ['unauthorized', 'unauthorized', 401],
  ] as const)('%s', async (name, code, status) => {
    await scenario(name);
    const e = errorOf(await rig.client.verifyCertificate(rig.certificateId));
    expect(e).toMatchObject({ kind: 'permanent', code, httpStatus: status, retryable: false });
    expect(rig.v1Calls().map((c) => c.status)).toEqual([status]);
    expect(rig.delays).toEqual([]);
  });

  it('a wrong API key is a real 401, not a scenario', async () => {
    const { createHttpInsurerClient } = await import('../../src/adapters/insurer/http-client.ts');
    const client = createHttpInsurerClient({
      baseUrl: rig.sim.url,
      apiKey: 'wrong',
      clock: rig.clock,
      sleep: () => Promise.resolve(),
    });
    expect(errorOf(await client.verifyCertificate(rig.certificateId)).code).toBe('unauthorized');
    await client.close();
  });

  it('malformed: invalid JSON is permanent', async () => {
    await scenario('malformed');
    const e = errorOf(await rig.client.verifyCertificate(rig.certificateId));
    expect(e).toMatchObject({ kind: 'permanent', code: 'malformed_response' });
    expect(rig.v1Calls()).toHaveLength(1);
  });

  it('bad_signature: a signature that does not verify under the named kid', async () => {
    await scenario('bad_signature');
    const e = errorOf(await rig.client.verifyCertificate(rig.certificateId));
    expect(e).toMatchObject({ kind: 'permanent', code: 'bad_signature' });
    expect(rig.v1Calls()).toHaveLength(1);
    expect(rig.jwksCalls()).toHaveLength(1);
  });

  it('unknown_key: a kid absent from the JWKS, even after one refetch', async () => {
    expect((await rig.client.verifyCertificate(rig.certificateId)).ok).toBe(true);
    await scenario('unknown_key');
    rig.clock.advance(5 * 60_000);
    const e = errorOf(await rig.client.verifyCertificate(rig.certificateId));
    expect(e).toMatchObject({ kind: 'permanent', code: 'unknown_key' });
    expect(rig.jwksCalls()).toHaveLength(2);
    // Within the 30 s cooldown another unknown kid does not refetch.
    expect(errorOf(await rig.client.verifyCertificate(rig.certificateId, { fresh: true })).code).toBe('unknown_key');
    expect(rig.jwksCalls()).toHaveLength(2);
  });
});

describe('transient errors: retried with backoff 1 s, 2 s, 4 s', () => {
  it('server_error: four attempts, then the 5xx', async () => {
    await scenario('server_error', { status: 502 });
    const e = errorOf(await rig.client.verifyCertificate(rig.certificateId));
    expect(e).toMatchObject({ kind: 'transient', code: 'server_error', httpStatus: 502, attempts: 4, retryable: true });
    expect(rig.v1Calls().map((c) => c.status)).toEqual([502, 502, 502, 502]);
    expect(rig.delays).toEqual([1000, 2000, 4000]);
    expect(rig.client.health().breaker).toBe('closed');
  });

  it('server_error once: the retry succeeds', async () => {
    await scenario('server_error', { times: 1 });
    const r = await rig.client.verifyCertificate(rig.certificateId);
    expect(r.ok).toBe(true);
    expect(rig.v1Calls().map((c) => c.status)).toEqual([503, 200]);
    expect(rig.delays).toEqual([1000]);
  });

  it('rate_limited: Retry-After is honoured instead of the backoff', async () => {
    await scenario('rate_limited', { retryAfter: 2 });
    const e = errorOf(await rig.client.verifyCertificate(rig.certificateId));
    expect(e).toMatchObject({ code: 'rate_limited', httpStatus: 429, retryAfterMs: 2000 });
    expect(rig.v1Calls().map((c) => c.status)).toEqual([429, 429, 429, 429]);
    expect(rig.delays).toEqual([2000, 2000, 2000]);
  });

  it('rate_limited with a Retry-After past the clamp: no retry, the wait is handed back', async () => {
    await scenario('rate_limited', { retryAfter: 120 });
    const e = errorOf(await rig.client.verifyCertificate(rig.certificateId));
    expect(e).toMatchObject({ code: 'rate_limited', retryAfterMs: 120_000, attempts: 1 });
    expect(rig.v1Calls()).toHaveLength(1);
    expect(rig.delays).toEqual([]);
  });

  it('slow: each attempt hits the real per-request timeout', async () => {
    const client = rig.newClient({ requestTimeoutMs: 50 });
    await scenario('slow', { delayMs: 120_000 });
    const e = errorOf(await client.verifyCertificate(rig.certificateId));
    expect(e).toMatchObject({ kind: 'transient', code: 'timeout', attempts: 4 });
    expect(rig.v1Calls()).toHaveLength(4);
    expect(rig.delays).toEqual([1000, 2000, 4000]);
  });

  it('slow once: the retry succeeds', async () => {
    const client = rig.newClient({ requestTimeoutMs: 50 });
    await scenario('slow', { delayMs: 400, times: 1 });
    expect((await client.verifyCertificate(rig.certificateId)).ok).toBe(true);
    expect(rig.v1Calls()).toHaveLength(2);
  });

  it('flaky: seeded failures are retried; every call is accounted for', async () => {
    await scenario('flaky', { failureProbability: 0.4 });
    let oks = 0;
    for (let i = 0; i < 12; i++) {
      const r = await rig.client.verifyCertificate(rig.certificateId, { fresh: true });
      if (r.ok) oks += 1;
      else expect(r.error).toMatchObject({ code: 'server_error', attempts: 4 });
    }
    const failed = rig.v1Calls().filter((c) => c.status === 503).length;
    expect(rig.v1Calls().filter((c) => c.status === 200)).toHaveLength(oks);
    expect(rig.v1Calls()).toHaveLength(oks + failed);
    // Every failed attempt is followed by a backoff, except the last of a call that gave up.
    expect(rig.delays).toHaveLength(failed - (12 - oks));
    expect(failed).toBeGreaterThan(0);
    expect(oks).toBeGreaterThanOrEqual(10);
  });

  it('down: connection refused while the listener is closed, back on healthy', async () => {
    expect((await rig.control('/_sim/scenario', { scenario: 'down' })).status).toBe(200);
    const e = errorOf(await rig.client.verifyCertificate(rig.certificateId));
    expect(e).toMatchObject({ kind: 'transient', code: 'network', attempts: 4 });
    expect(e.detail).toContain('ECONNREFUSED');
    expect(rig.v1Calls()).toHaveLength(0);
    expect(rig.delays).toEqual([1000, 2000, 4000]);
    expect((await rig.control('/_sim/scenario', { scenario: 'healthy' })).status).toBe(200);
    expect((await rig.client.verifyCertificate(rig.certificateId)).ok).toBe(true);
  });

  it('down for one certificate: the connection is dropped without an answer', async () => {
    await scenario('down');
    const e = errorOf(await rig.client.verifyCertificate(rig.certificateId));
    expect(e).toMatchObject({ kind: 'transient', code: 'network' });
    expect(rig.v1Calls().map((c) => c.status)).toEqual([0, 0, 0, 0]);
  });
});
