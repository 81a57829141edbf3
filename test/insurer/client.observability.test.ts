/** Logs and metrics: every attempt logged and measured, never with the API key or the insured's details. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INSURER_METRICS } from '../../src/adapters/insurer/interface.ts';
import { API_KEY, INSURED, startRig, type Rig } from './helpers.ts';

let rig: Rig;
beforeEach(async () => {
  rig = await startRig({ policy: { breakerFailureThreshold: 2 } });
});
afterEach(async () => {
  await rig.close();
});

describe('observability', () => {
  it('logs and measures without secrets or personal data', async () => {
    await rig.client.requestCertificate(INSURED);
    await rig.client.verifyCertificate(rig.certificateId);
    await rig.client.verifyCertificate(rig.certificateId);
    await rig.sim.setScenario({ scenario: 'server_error' });
    rig.clock.advance(10 * 60_000);
    await rig.client.verifyCertificate(rig.certificateId);

    const logText = JSON.stringify(rig.logs);
    for (const secret of [API_KEY, INSURED.name, INSURED.reference, 'Bearer']) expect(logText).not.toContain(secret);
    expect(JSON.stringify(rig.metrics)).not.toContain(API_KEY);

    const attempts = rig.logs.filter((l) => l.obj['event'] === 'insurer_call');
    expect(attempts.map((l) => [l.obj['operation'], l.obj['outcome']])).toEqual([
      ['request_certificate', 'ok'],
      ['get_jwks', 'ok'],
      ['get_certificate', 'ok'],
      ['get_certificate', 'server_error'],
      ['get_certificate', 'server_error'],
    ]);
    expect(rig.logs.filter((l) => l.obj['event'] === 'insurer_breaker').map((l) => l.obj['to'])).toEqual(['open']);
    expect(rig.logs.some((l) => l.obj['event'] === 'insurer_stale' && l.level === 'warn')).toBe(true);

    const counts = (name: string) =>
      rig.metrics.filter((m) => m.name === name).map((m) => Object.values(m.labels).join('/'));
    expect(counts(INSURER_METRICS.calls)).toEqual([
      'request_certificate/ok',
      'get_jwks/ok',
      'get_certificate/ok',
      'get_certificate/server_error',
      'get_certificate/server_error',
      'get_certificate/circuit_open',
    ]);
    expect(rig.metrics.filter((m) => m.name === INSURER_METRICS.callDuration)).toHaveLength(5);
    expect(counts(INSURER_METRICS.retries)).toEqual(['get_certificate/server_error', 'get_certificate/server_error']);
    expect(counts(INSURER_METRICS.cacheLookups)).toEqual(['miss', 'hit', 'stale']);
    expect(counts(INSURER_METRICS.jwksFetches)).toEqual(['ok']);
    expect(counts(INSURER_METRICS.breakerTransitions)).toEqual(['open']);
  });
});
