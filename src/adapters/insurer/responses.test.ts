import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INSURER_POLICY } from '../../domain/insurance/policy.ts';
import { canonicalBytes } from '../../domain/shared/canonical-json.ts';
import { ManualClock } from '../../domain/shared/clock.ts';
import { ok } from '../../domain/shared/result.ts';
import { ProviderKeys } from './jwks.ts';
import { certificateFrom, errorFromExchange, revocationFrom } from './responses.ts';

const document = {
  certificateId: 'cert_a',
  policyNumber: 'GL-1',
  insurer: { name: 'Mutual', naic: '12345' },
  insured: { name: 'Acme', reference: 'cus_1' },
  coverages: [{ type: 'general_liability', eachOccurrence: '1000000', aggregate: '2000000', currency: 'USD' }],
  effectiveFrom: '2026-01-01T00:00:00.000Z',
  expiresAt: '2027-01-01T00:00:00.000Z',
  status: 'active',
  issuedAt: '2026-01-01T00:00:00.000Z',
};

const setup = async () => {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1' };
  const keys = new ProviderKeys(() => Promise.resolve(ok({ keys: [jwk] })), new ManualClock(0), DEFAULT_INSURER_POLICY);
  const sign = (payload: unknown, header: Record<string, unknown> = {}) =>
    new CompactSign(canonicalBytes(payload))
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: 'tai-certificate+jws', ...header })
      .sign(privateKey);
  const answer = (jws: string) => ({ status: 200, headers: {}, body: JSON.stringify({ jws }) });
  return { keys, sign, answer };
};

describe('certificateFrom', () => {
  it('accepts a well-signed certificate for the id asked for', async () => {
    const s = await setup();
    const r = await certificateFrom(s.answer(await s.sign(document)), 'cert_a', s.keys, 5);
    expect(r.ok && r.value).toMatchObject({ kid: 'k1', verifiedAt: 5, source: 'network', document });
  });

  it('refuses a genuine certificate of another party', async () => {
    const s = await setup();
    const r = await certificateFrom(s.answer(await s.sign(document)), 'cert_b', s.keys, 0);
    expect(!r.ok && r.error).toMatchObject({ code: 'malformed_response', kind: 'permanent' });
  });

  it('refuses a revocation status presented as a certificate, a missing kid and a bad document', async () => {
    const s = await setup();
    const wrongTyp = await s.sign(document, { typ: 'tai-revocation+jws' });
    const noKid = await s.sign(document, { kid: undefined });
    const badDoc = await s.sign({ ...document, status: 'expired' });
    for (const jws of [wrongTyp, noKid, badDoc]) {
      const r = await certificateFrom(s.answer(jws), 'cert_a', s.keys, 0);
      expect(!r.ok && r.error.code).toBe('malformed_response');
    }
    const r = await certificateFrom({ status: 200, headers: {}, body: '{"jws": 42}' }, 'cert_a', s.keys, 0);
    expect(!r.ok && r.error.code).toBe('malformed_response');
  });

  it('refuses a tampered payload and a certificate signed as a revocation', async () => {
    const s = await setup();
    const [h, , sig] = (await s.sign(document)).split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...document, status: 'active', expiresAt: '2099-01-01T00:00:00.000Z' })).toString('base64url')}.${sig}`;
    const r = await certificateFrom(s.answer(forged), 'cert_a', s.keys, 0);
    expect(!r.ok && r.error.code).toBe('bad_signature');
    const asRevocation = await revocationFrom(s.answer(await s.sign(document)), 'cert_a', s.keys);
    expect(!asRevocation.ok && asRevocation.error.code).toBe('malformed_response');
  });
});

describe('errorFromExchange', () => {
  it('keeps the provider error code but not its message, and Retry-After only where it matters', () => {
    const body = JSON.stringify({ error: { code: 'rate_limited', message: 'Acme Robotics Ltd is over quota' } });
    const e = errorFromExchange({ status: 429, headers: { 'retry-after': '7' }, body }, 0);
    expect(e).toMatchObject({
      code: 'rate_limited',
      httpStatus: 429,
      retryAfterMs: 7000,
      detail: 'provider answered 429 (rate_limited)',
    });
    expect(JSON.stringify(e)).not.toContain('Acme');
    expect(errorFromExchange({ status: 404, headers: { 'retry-after': '7' }, body: 'not json' }, 0)).not.toHaveProperty(
      'retryAfterMs',
    );
  });
});
