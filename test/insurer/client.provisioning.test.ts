/** Requesting, polling and renewing certificates over real HTTP, and the signed revocation status. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awaitIssuance } from '../../src/adapters/insurer/await-issuance.ts';
import { INSURED, startRig, type Rig } from './helpers.ts';

let rig: Rig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(async () => {
  await rig.close();
});

const waitOptions = () => ({
  clock: rig.clock,
  sleep: (ms: number) => {
    rig.delays.push(ms);
    rig.clock.advance(ms);
    return Promise.resolve();
  },
  maxWaitMs: 10 * 60_000,
});

describe('provisioning', () => {
  it('requests a certificate, polls as the provider says, and gets a verified one', async () => {
    const ticket = await rig.client.requestCertificate(INSURED);
    expect(ticket.ok && ticket.value.pollAfterMs).toBe(30_000);
    if (!ticket.ok) return;
    const pending = await rig.client.pollCertificateRequest(ticket.value.requestId);
    expect(pending.ok && pending.value).toMatchObject({ status: 'pending', retryAfterMs: 30_000 });

    const done = await awaitIssuance(rig.client, ticket.value.requestId, ticket.value.pollAfterMs, waitOptions());
    expect(done.ok && done.value.status).toBe('issued');
    if (!done.ok || done.value.status !== 'issued') return;
    const cert = done.value.certificate;
    expect(cert.document.insured).toEqual(INSURED);
    expect(rig.delays).toEqual([30_000]);

    const calls = rig.v1Calls().length;
    const verified = await rig.client.verifyCertificate(cert.document.certificateId);
    expect(verified.ok && verified.value.source).toBe('cache');
    expect(rig.v1Calls()).toHaveLength(calls);
  });

  it('gives up waiting at maxWaitMs', async () => {
    const ticket = await rig.client.requestCertificate(INSURED);
    if (!ticket.ok) throw new Error('request failed');
    const r = await awaitIssuance(rig.client, ticket.value.requestId, 30_000, { ...waitOptions(), maxWaitMs: 20_000 });
    expect(!r.ok && r.error.code).toBe('deadline_exceeded');
  });

  it('renews into a new certificate that starts when the old one ends', async () => {
    const old = await rig.client.getCertificateDetails(rig.certificateId);
    const ticket = await rig.client.renewCertificate(rig.certificateId);
    if (!ticket.ok || !old.ok) throw new Error('renewal failed');
    const done = await awaitIssuance(rig.client, ticket.value.requestId, ticket.value.pollAfterMs, waitOptions());
    if (!done.ok || done.value.status !== 'issued') throw new Error('not issued');
    const renewed = done.value.certificate.document;
    expect(renewed.certificateId).not.toBe(rig.certificateId);
    expect(renewed.effectiveFrom).toBe(old.value.document.expiresAt);
    const early = await rig.client.verifyCertificate(renewed.certificateId);
    expect(!early.ok && early.error.code).toBe('certificate_not_yet_effective');
  });

  it('cannot renew a revoked certificate (permanent conflict)', async () => {
    await rig.sim.setScenario({ scenario: 'revoked' }, rig.certificateId);
    const r = await rig.client.renewCertificate(rig.certificateId);
    expect(!r.ok && r.error).toMatchObject({ kind: 'permanent', code: 'conflict', httpStatus: 409 });
  });

  it('an unknown request id is not_found', async () => {
    const r = await rig.client.pollCertificateRequest('req_unknown');
    expect(!r.ok && r.error.code).toBe('not_found');
  });

  it('reads an active revocation status without a reason', async () => {
    const r = await rig.client.getRevocationStatus(rig.certificateId);
    expect(r.ok && r.value).toMatchObject({ certificateId: rig.certificateId, status: 'active' });
    expect(r.ok && 'reason' in r.value).toBe(false);
  });

  it('a revocation status signed by a rogue key is rejected', async () => {
    await rig.sim.setScenario({ scenario: 'bad_signature' }, rig.certificateId);
    const r = await rig.client.getRevocationStatus(rig.certificateId);
    expect(!r.ok && r.error.code).toBe('bad_signature');
  });
});
