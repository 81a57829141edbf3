/** The simulator's own contract over HTTP: control API, auth, quota, keys, issuance, idempotency, call record. */
import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { startInsurerSimulator, type InsurerSimulator } from '../../src/edges/insurer-sim/index.ts';
import { API_KEY, START } from './helpers.ts';

let sim: InsurerSimulator;
let clock: ManualClock;
beforeEach(async () => {
  clock = new ManualClock(START);
  sim = await startInsurerSimulator({
    clock,
    apiKey: API_KEY,
    rateLimitPerMinute: 5,
    issuanceDelayMs: 30_000,
    keyRetentionMs: 86_400_000,
  });
});
afterEach(async () => {
  await sim.close();
});

const call = async (
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: (json ?? {}) as Record<string, unknown> };
};
const str = (json: Record<string, unknown>, key: string): string => String(json[key]);
const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  call(sim.url, method, path, body, { authorization: `Bearer ${API_KEY}`, ...headers });
const ctl = (method: string, path: string, body?: unknown) => call(sim.controlUrl, method, path, body);

describe('control API', () => {
  it('creates certificates (201) and rejects bad input (400)', async () => {
    const created = await ctl('POST', '/_sim/certificates', {
      insured: 'Initech LLC',
      expiresAt: '2027-01-01T00:00:00Z',
      policyNumber: 'P-1',
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      policyNumber: 'P-1',
      status: 'active',
      effectiveFrom: START,
      expiresAt: '2027-01-01T00:00:00.000Z',
    });
    expect(created.json['certificateId']).toMatch(/^cert_/);
    expect((await ctl('POST', '/_sim/certificates', {})).status).toBe(400);
    expect((await ctl('POST', '/_sim/certificates', { insured: 'X', expiresAt: '2020-01-01T00:00:00Z' })).status).toBe(
      400,
    );
  });

  it('validates scenarios: unknown name 400, unknown certificate 404', async () => {
    expect((await ctl('POST', '/_sim/scenario', { scenario: 'on_fire' })).status).toBe(400);
    expect((await ctl('POST', '/_sim/scenario', { scenario: 'slow', delayMs: -1 })).status).toBe(400);
    expect((await ctl('POST', '/_sim/certificates/cert_nope/scenario', { scenario: 'revoked' })).status).toBe(404);
  });

  it('moves the clock by advanceSeconds or to now', async () => {
    expect((await ctl('POST', '/_sim/clock', { advanceSeconds: 90 })).json).toEqual({
      now: '2026-03-01T00:01:30.000Z',
    });
    expect((await ctl('POST', '/_sim/clock', { now: '2026-06-01T00:00:00Z' })).json).toEqual({
      now: '2026-06-01T00:00:00.000Z',
    });
    expect(clock.now()).toBe(Date.parse('2026-06-01T00:00:00Z'));
    expect((await ctl('POST', '/_sim/clock', { advanceSeconds: -5 })).status).toBe(400);
  });

  it('records calls (method, path, status, at) and never the API key', async () => {
    const { certificateId } = sim.createCertificate({ insured: 'Initech LLC' });
    await api('GET', `/v1/certificates/${certificateId}`);
    await call(sim.url, 'GET', `/v1/certificates/${certificateId}`, undefined, { authorization: 'Bearer nope' });
    const calls = await ctl('GET', '/_sim/calls');
    expect(calls.json['calls']).toEqual([
      { seq: 1, method: 'GET', path: `/v1/certificates/${certificateId}`, status: 200, at: START },
      { seq: 2, method: 'GET', path: `/v1/certificates/${certificateId}`, status: 401, at: START },
    ]);
    expect(calls.text).not.toContain(API_KEY);
    await call(sim.controlUrl, 'DELETE', '/_sim/calls');
    expect(sim.calls()).toHaveLength(0);
  });
});

describe('provider API', () => {
  it('requires the bearer key, with a JSON error body', async () => {
    const r = await call(sim.url, 'GET', '/v1/certificates/cert_x');
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: { code: 'unauthorized', message: 'Missing or invalid API key.' } });
  });

  it('enforces the per-key quota with 429 and Retry-After, reset by the simulated clock', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await api('GET', '/v1/certificates/cert_x')).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
    const limited = await api('GET', '/v1/certificates/cert_x');
    expect(limited.headers.get('retry-after')).toBe('60');
    clock.advance(20_000);
    expect((await api('GET', '/v1/certificates/cert_x')).headers.get('retry-after')).toBe('40');
    clock.advance(40_000);
    expect((await api('GET', '/v1/certificates/cert_x')).status).toBe(404);
  });

  it('signs certificates with Ed25519 keys from the JWKS; rotation keeps old keys for the retention', async () => {
    const { certificateId } = sim.createCertificate({ insured: 'Initech LLC' });
    const first = await api('GET', `/v1/certificates/${certificateId}`);
    const jwks = (await call(sim.url, 'GET', '/.well-known/jwks.json')).json;
    const verified = await compactVerify(
      str(first.json, 'jws'),
      createLocalJWKSet(jwks as unknown as Parameters<typeof createLocalJWKSet>[0]),
      { algorithms: ['EdDSA'] },
    );
    expect(verified.protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'tai-certificate+jws' });
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toMatchObject({ certificateId, status: 'active' });

    const oldKid = decodeProtectedHeader(str(first.json, 'jws')).kid;
    const rotated = await ctl('POST', '/_sim/keys/rotate', {});
    expect(rotated.json['published']).toEqual([oldKid, rotated.json['kid']]);
    // The stored document keeps its signature (old kid) while that key is published.
    expect(decodeProtectedHeader(str((await api('GET', `/v1/certificates/${certificateId}`)).json, 'jws')).kid).toBe(
      oldKid,
    );
    clock.advance(86_400_000);
    const keysAfter = (await call(sim.url, 'GET', '/.well-known/jwks.json')).json['keys'] as { kid: string }[];
    expect(keysAfter.map((k) => k.kid)).toEqual([rotated.json['kid']]);
    expect(decodeProtectedHeader(str((await api('GET', `/v1/certificates/${certificateId}`)).json, 'jws')).kid).toBe(
      rotated.json['kid'],
    );
  });

  it('issues requested certificates after the simulated delay', async () => {
    const req = await api('POST', '/v1/certificates', { insured: { name: 'Initech LLC', reference: 'cus_1' } });
    expect(req.status).toBe(202);
    expect(req.json).toMatchObject({ status: 'pending', pollAfterSeconds: 30 });
    const path = `/v1/certificate-requests/${str(req.json, 'requestId')}`;
    expect(req.headers.get('location')).toBe(path);
    expect((await api('GET', path)).json).toMatchObject({ status: 'pending', retryAfterSeconds: 30 });
    clock.advance(30_000);
    const issued = await api('GET', path);
    expect(issued.json).toMatchObject({ status: 'issued' });
    expect(issued.json['certificateId']).toMatch(/^cert_/);
    expect((await api('POST', '/v1/certificates', { insured: { name: 'x' } })).status).toBe(400);
  });

  it('replays a POST with the same Idempotency-Key, refuses it with another body', async () => {
    const body = { insured: { name: 'Initech LLC', reference: 'cus_1' } };
    const a = await api('POST', '/v1/certificates', body, { 'idempotency-key': 'k1' });
    const b = await api('POST', '/v1/certificates', body, { 'idempotency-key': 'k1' });
    expect(b.json['requestId']).toBe(a.json['requestId']);
    expect(sim.certificateRequests()).toHaveLength(1);
    expect(
      (
        await api(
          'POST',
          '/v1/certificates',
          { insured: { name: 'Other', reference: 'c2' } },
          { 'idempotency-key': 'k1' },
        )
      ).status,
    ).toBe(422);
  });

  it('refuses to renew a revoked certificate (409) and renews an active one', async () => {
    const { certificateId } = sim.createCertificate({ insured: 'Initech LLC' });
    expect((await api('POST', `/v1/certificates/${certificateId}/renew`, {})).status).toBe(202);
    await sim.setScenario({ scenario: 'revoked' }, certificateId);
    expect((await api('POST', `/v1/certificates/${certificateId}/renew`, {})).json).toEqual({
      error: { code: 'certificate_revoked', message: 'A revoked certificate cannot be renewed.' },
    });
  });

  it('answers malformed bodies with invalid JSON', async () => {
    const { certificateId } = sim.createCertificate({ insured: 'Initech LLC' });
    await sim.setScenario({ scenario: 'malformed' });
    const r = await api('GET', `/v1/certificates/${certificateId}`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({});
    expect(() => JSON.parse(r.text) as unknown).toThrow();
  });

  it('flaky is reproducible from the seed', async () => {
    const run = async (seed: number): Promise<number[]> => {
      const s = await startInsurerSimulator({ clock: new ManualClock(START), apiKey: API_KEY, seed });
      const { certificateId } = s.createCertificate({ insured: 'Initech LLC' });
      await s.setScenario({ scenario: 'flaky', failureProbability: 0.5 });
      const out: number[] = [];
      for (let i = 0; i < 16; i++) {
        const r = await fetch(`${s.url}/v1/certificates/${certificateId}`, {
          headers: { authorization: `Bearer ${API_KEY}` },
        });
        await r.arrayBuffer();
        out.push(r.status);
      }
      await s.close();
      return out;
    };
    const [a, b, c] = [await run(11), await run(11), await run(12)];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.filter((s) => s === 503).length).toBeGreaterThan(2);
    expect(a.filter((s) => s === 200).length).toBeGreaterThan(2);
  });

  it('down closes the listener (connection refused); healthy reopens it on the same URL', async () => {
    expect((await ctl('POST', '/_sim/scenario', { scenario: 'down' })).status).toBe(200);
    await expect(fetch(`${sim.url}/.well-known/jwks.json`)).rejects.toThrow();
    expect(sim.isDown()).toBe(true);
    expect((await ctl('POST', '/_sim/scenario', { scenario: 'healthy' })).status).toBe(200);
    expect((await call(sim.url, 'GET', '/.well-known/jwks.json')).status).toBe(200);
  });

  it('the control API on the provider URL can take it down and answers first', async () => {
    expect((await call(sim.url, 'POST', '/_sim/scenario', { scenario: 'down' })).status).toBe(200);
    await expect.poll(() => sim.isDown()).toBe(true);
    await sim.setScenario({ scenario: 'healthy' });
    expect(sim.isDown()).toBe(false);
  });
});
