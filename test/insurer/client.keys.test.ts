/** Provider key rotation over real HTTP: old kids verify while retained; a new kid costs one JWKS refetch. */
import { decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { startRig, type Rig } from './helpers.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
});

const kidOf = (r: Awaited<ReturnType<Rig['client']['verifyCertificate']>>): string | undefined =>
  r.ok ? String(decodeProtectedHeader(r.value.jws).kid) : undefined;

describe('key rotation', () => {
  it('keeps verifying old-kid certificates and refetches the JWKS once for a new kid', async () => {
    rig = await startRig({ sim: { keyRetentionMs: 86_400_000 } });
    const a = await rig.client.verifyCertificate(rig.certificateId);
    const oldKid = kidOf(a);
    expect(rig.jwksCalls()).toHaveLength(1);

    const newKid = await rig.sim.rotateKeys();
    const { certificateId: b } = rig.sim.createCertificate({ insured: 'Globex Corp' });
    rig.clock.advance(6 * 60_000);

    const againA = await rig.client.verifyCertificate(rig.certificateId);
    expect(kidOf(againA)).toBe(oldKid);
    expect(rig.jwksCalls()).toHaveLength(1);

    const first = await rig.client.verifyCertificate(b);
    expect(kidOf(first)).toBe(newKid);
    expect(rig.jwksCalls()).toHaveLength(2);
    await rig.client.verifyCertificate(b, { fresh: true });
    expect(rig.jwksCalls()).toHaveLength(2);
  });

  it('drops retired keys with the hourly JWKS refresh; the provider re-signs with the current key', async () => {
    rig = await startRig({ sim: { keyRetentionMs: 86_400_000 } });
    await rig.client.verifyCertificate(rig.certificateId);
    const newKid = await rig.sim.rotateKeys();
    rig.clock.advance(86_400_000);
    const r = await rig.client.verifyCertificate(rig.certificateId);
    expect(kidOf(r)).toBe(newKid);
    expect(rig.jwksCalls()).toHaveLength(2);
  });
});
