/** The circuit breaker over real HTTP: when it opens, what counts, and half-open with concurrent callers. */
import { afterEach, describe, expect, it } from 'vitest';
import { startRig, type Rig } from './helpers.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
});

describe('circuit breaker', () => {
  it('opens on the fifth consecutive transient failure and then fails fast without calling', async () => {
    rig = await startRig();
    await rig.sim.setScenario({ scenario: 'server_error' });
    const first = await rig.client.verifyCertificate(rig.certificateId);
    expect(!first.ok && first.error.attempts).toBe(4);
    expect(rig.client.health().breaker).toBe('closed');
    const second = await rig.client.verifyCertificate(rig.certificateId);
    // The fifth failure opens it; the retry after it meets the open breaker and stops there.
    expect(!second.ok && second.error).toMatchObject({ code: 'circuit_open', kind: 'transient', attempts: 2 });
    expect(rig.v1Calls()).toHaveLength(5);
    expect(rig.delays).toEqual([1000, 2000, 4000, 1000]);
    expect(rig.client.health().breaker).toBe('open');
    const third = await rig.client.verifyCertificate(rig.certificateId);
    expect(!third.ok && third.error).toMatchObject({ code: 'circuit_open', attempts: 1 });
    expect(third.ok || third.error.retryAfterMs).toBe(29_000);
    expect(rig.v1Calls()).toHaveLength(5);
  });

  it('does not count 404, 401, 429 or bad signatures as failures', async () => {
    rig = await startRig({ policy: { breakerFailureThreshold: 2 } });
    for (const scenario of ['not_found', 'unauthorized', 'bad_signature', 'malformed'] as const) {
      await rig.sim.setScenario({ scenario });
      for (let i = 0; i < 3; i++) await rig.client.verifyCertificate(rig.certificateId);
    }
    await rig.sim.setScenario({ scenario: 'rate_limited', retryAfter: 120 });
    for (let i = 0; i < 3; i++) await rig.client.verifyCertificate(rig.certificateId);
    expect(rig.client.health().breaker).toBe('closed');
    expect(rig.v1Calls()).toHaveLength(15);
  });

  it('a success resets the consecutive count', async () => {
    rig = await startRig({ policy: { breakerFailureThreshold: 2, maxRetries: 0 } });
    for (let i = 0; i < 3; i++) {
      await rig.sim.setScenario({ scenario: 'server_error', times: 1 });
      await rig.client.verifyCertificate(rig.certificateId, { fresh: true });
      await rig.client.verifyCertificate(rig.certificateId, { fresh: true });
    }
    expect(rig.client.health().breaker).toBe('closed');
  });

  it('half-open lets exactly one probe through; concurrent callers fail fast; success closes', async () => {
    const r = await startRig({ policy: { breakerFailureThreshold: 2, maxRetries: 0 } });
    rig = r;
    const ids = [
      r.certificateId,
      ...[1, 2, 3, 4].map((n) => r.sim.createCertificate({ insured: `Party ${n}` }).certificateId),
    ];
    await rig.sim.setScenario({ scenario: 'server_error' });
    await rig.client.verifyCertificate(ids[0] ?? '');
    await rig.client.verifyCertificate(ids[0] ?? '');
    expect(rig.client.health().breaker).toBe('open');
    rig.clock.advance(30_000);
    expect(rig.client.health().breaker).toBe('half_open');
    await rig.sim.setScenario({ scenario: 'slow', delayMs: 80 });
    rig.sim.resetCalls();

    const results = await Promise.all(ids.map((id) => r.client.verifyCertificate(id)));
    const codes = results.map((x) => (x.ok ? 'ok' : x.error.code));
    expect(codes).toEqual(['ok', 'circuit_open', 'circuit_open', 'circuit_open', 'circuit_open']);
    expect(rig.v1Calls()).toHaveLength(1);
    expect(rig.client.health().breaker).toBe('closed');

    await rig.sim.setScenario({ scenario: 'healthy' });
    const again = await Promise.all(ids.map((id) => r.client.verifyCertificate(id)));
    expect(again.every((x) => x.ok)).toBe(true);
  });

  it('a failed probe re-opens for another cool-down', async () => {
    rig = await startRig({ policy: { breakerFailureThreshold: 1, maxRetries: 0 } });
    await rig.sim.setScenario({ scenario: 'server_error' });
    await rig.client.verifyCertificate(rig.certificateId);
    rig.clock.advance(30_000);
    const probe = await rig.client.verifyCertificate(rig.certificateId);
    expect(!probe.ok && probe.error.code).toBe('server_error');
    expect(rig.client.health().breaker).toBe('open');
    rig.clock.advance(29_999);
    expect(!(await rig.client.verifyCertificate(rig.certificateId)).ok).toBe(true);
    expect(rig.v1Calls()).toHaveLength(2);
    await rig.sim.setScenario({ scenario: 'healthy' });
    rig.clock.advance(1);
    expect((await rig.client.verifyCertificate(rig.certificateId)).ok).toBe(true);
    expect(rig.v1Calls()).toHaveLength(3);
  });

  it('a permanent answer to the probe closes it: the provider is up', async () => {
    rig = await startRig({ policy: { breakerFailureThreshold: 1, maxRetries: 0 } });
    await rig.sim.setScenario({ scenario: 'down' });
    await rig.client.verifyCertificate(rig.certificateId);
    expect(rig.client.health().breaker).toBe('open');
    await rig.sim.setScenario({ scenario: 'healthy' });
    await rig.sim.setScenario({ scenario: 'not_found' }, rig.certificateId);
    rig.clock.advance(30_000);
    const r = await rig.client.verifyCertificate(rig.certificateId);
    expect(!r.ok && r.error.code).toBe('not_found');
    expect(rig.client.health().breaker).toBe('closed');
  });
});
