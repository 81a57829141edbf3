/** Retry and deadline over real HTTP: jitter, cap, deadline, and safe retries of POSTs. */
import { afterEach, describe, expect, it } from 'vitest';
import { INSURED, startRig, type Rig } from './helpers.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
});

describe('retry', () => {
  it('jitters each backoff by up to +20% from the injected random', async () => {
    rig = await startRig({ random: () => 0.5 });
    await rig.sim.setScenario({ scenario: 'server_error' });
    await rig.client.verifyCertificate(rig.certificateId);
    expect(rig.delays).toEqual([1100, 2200, 4400]);
  });

  it('caps the backoff at 8 s', async () => {
    rig = await startRig({
      random: () => 0.99,
      policy: { maxRetries: 5, deadlineMs: 120_000, breakerFailureThreshold: 10 },
    });
    await rig.sim.setScenario({ scenario: 'server_error' });
    await rig.client.verifyCertificate(rig.certificateId);
    expect(rig.delays).toEqual([1198, 2396, 4792, 8000, 8000]);
  });

  it('stops when the next wait would pass the overall deadline', async () => {
    rig = await startRig({ policy: { deadlineMs: 2_500 } });
    await rig.sim.setScenario({ scenario: 'server_error' });
    const r = await rig.client.verifyCertificate(rig.certificateId);
    expect(!r.ok && r.error).toMatchObject({ code: 'server_error', attempts: 2 });
    expect(!r.ok && r.error.detail).toContain('deadline');
    expect(rig.delays).toEqual([1000]);
    expect(rig.v1Calls()).toHaveLength(2);
  });

  it('takes a per-call deadline', async () => {
    rig = await startRig();
    await rig.sim.setScenario({ scenario: 'server_error' });
    await rig.client.verifyCertificate(rig.certificateId, { deadlineMs: 1_000 });
    expect(rig.v1Calls()).toHaveLength(1);
    expect(rig.delays).toEqual([]);
  });

  it('caps the per-request timeout by what is left of the deadline', async () => {
    rig = await startRig();
    const client = rig.newClient({ requestTimeoutMs: 5_000 });
    await rig.sim.setScenario({ scenario: 'slow', delayMs: 120_000 });
    const r = await client.verifyCertificate(rig.certificateId, { deadlineMs: 60 });
    expect(!r.ok && r.error.code).toBe('timeout');
  });

  it('retries a timed-out POST with the same Idempotency-Key: one request at the provider', async () => {
    rig = await startRig();
    // The first answer never comes in time (the simulator would hold it two minutes); the retry is answered at
    // once, well inside its generous timeout however loaded the machine is.
    const client = rig.newClient({ requestTimeoutMs: 2_000 });
    await rig.sim.setScenario({ scenario: 'slow', delayMs: 120_000, times: 1 });
    const r = await client.requestCertificate(INSURED);
    expect(r.ok).toBe(true);
    expect(rig.v1Calls()).toHaveLength(2);
    expect(rig.sim.certificateRequests()).toHaveLength(1);
    expect(r.ok && r.value.requestId).toBe(rig.sim.certificateRequests()[0]?.requestId);
  });

  it('uses a new Idempotency-Key for each logical call', async () => {
    rig = await startRig();
    await rig.client.requestCertificate(INSURED);
    await rig.client.requestCertificate(INSURED);
    expect(rig.sim.certificateRequests()).toHaveLength(2);
  });
});
