/** Signing keys: ids, seeds, JWK round trips and strictness, rotation and the JWKS. */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/domain-error.ts';
import {
  generateSigningKey,
  keyIdOf,
  publicKeyFromJwk,
  signBytes,
  signingKeyFromJwk,
  signingKeyFromSeed,
  toPrivateJwk,
  toPublicJwk,
  verifyBytes,
} from './keys.ts';
import {
  activeKey,
  buildJwks,
  newKeyring,
  parseKeyring,
  publicKeysFromJwks,
  rotateKeyring,
  serializeKeyring,
} from './keyring.ts';

// RFC 8032 section 7.1, TEST 1: secret key (seed) and public key.
const RFC8032_SEED = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
const RFC8032_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const RFC8032_SIG =
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';

const expectCode = (f: () => unknown, code: string, path?: string): void => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe(code);
    if (path !== undefined) expect((e as DomainError).path).toBe(path);
    return;
  }
  throw new Error('expected a DomainError');
};

describe('keys', () => {
  it('derives the RFC 8032 test 1 key pair and signature from its seed', () => {
    const key = signingKeyFromSeed(RFC8032_SEED);
    expect(Buffer.from(key.raw).toString('hex')).toBe(RFC8032_PUBLIC);
    expect(Buffer.from(signBytes(key, new Uint8Array(0))).toString('hex')).toBe(RFC8032_SIG);
  });

  it('names a key by base64url of the first 8 bytes of SHA-256 of the raw public key', () => {
    const key = signingKeyFromSeed(RFC8032_SEED);
    expect(key.kid).toMatch(/^ed25519-[A-Za-z0-9_-]{11}$/);
    expect(keyIdOf(key.raw)).toBe(key.kid);
    expect(generateSigningKey().kid).not.toBe(key.kid);
  });

  it('signs and verifies; a changed message or signature fails', () => {
    const key = generateSigningKey();
    const msg = Buffer.from('hello');
    const sig = signBytes(key, msg);
    expect(verifyBytes(key, msg, sig)).toBe(true);
    expect(verifyBytes(key, Buffer.from('hellp'), sig)).toBe(false);
    const bad = Uint8Array.from(sig);
    bad[10] = (bad[10] ?? 0) ^ 4;
    expect(verifyBytes(key, msg, bad)).toBe(false);
    expect(verifyBytes(key, msg, sig.subarray(0, 63))).toBe(false);
  });

  it('round-trips public and private JWKs', () => {
    const key = generateSigningKey();
    const pub = toPublicJwk(key);
    expect(pub).toMatchObject({ kty: 'OKP', crv: 'Ed25519', use: 'sig', alg: 'EdDSA', kid: key.kid });
    expect(Buffer.from(publicKeyFromJwk(pub).raw).equals(key.raw)).toBe(true);
    const again = signingKeyFromJwk(toPrivateJwk(key));
    expect(again.kid).toBe(key.kid);
    const sig = signBytes(again, Buffer.from('x'));
    expect(verifyBytes(key, Buffer.from('x'), sig)).toBe(true);
  });

  it('rejects JWKs that are not exactly a well-formed Ed25519 signing key', () => {
    const pub = toPublicJwk(generateSigningKey());
    const other = toPublicJwk(generateSigningKey());
    expectCode(() => publicKeyFromJwk({ ...pub, kid: other.kid }, '/k'), 'TAI-RECEIPT-KEY-INVALID', '/k/kid');
    expectCode(() => publicKeyFromJwk({ ...pub, use: 'enc' }), 'TAI-RECEIPT-KEY-INVALID', '/use');
    expectCode(() => publicKeyFromJwk({ ...pub, crv: 'X25519' }), 'TAI-RECEIPT-KEY-INVALID', '/crv');
    expectCode(() => publicKeyFromJwk({ ...pub, x: `${pub.x}A` }), 'TAI-RECEIPT-KEY-INVALID', '/x');
    expectCode(() => publicKeyFromJwk({ ...pub, extra: 1 }), 'TAI-RECEIPT-KEY-INVALID', '/extra');
    expectCode(() => publicKeyFromJwk('nope'), 'TAI-RECEIPT-KEY-INVALID');
    const priv = toPrivateJwk(generateSigningKey());
    expectCode(
      () => signingKeyFromJwk({ ...priv, d: toPrivateJwk(generateSigningKey()).d }),
      'TAI-RECEIPT-KEY-INVALID',
      '/d',
    );
  });
});

describe('keyring', () => {
  const t0 = Date.UTC(2026, 0, 1);

  it('rotates: the old key is retired with a date, the new one is the only active one', () => {
    const k1 = generateSigningKey();
    const k2 = generateSigningKey();
    const ring = rotateKeyring(newKeyring(k1, t0), k2, t0 + 1000);
    expect(activeKey(ring).kid).toBe(k2.kid);
    expect(ring.map((e) => [e.key.kid, e.status, e.retiredAt])).toEqual([
      [k1.kid, 'retired', '2026-01-01T00:00:01.000Z'],
      [k2.kid, 'active', null],
    ]);
    expectCode(() => rotateKeyring(ring, k2, t0), 'TAI-RECEIPT-KEY-INVALID');
  });

  it('publishes every key in the JWKS with status and dates, and no private part', () => {
    const ring = rotateKeyring(newKeyring(generateSigningKey(), t0), generateSigningKey(), t0 + 5);
    const jwks = buildJwks(ring);
    expect(jwks.keys).toHaveLength(2);
    expect(JSON.stringify(jwks)).not.toContain('"d"');
    expect(jwks.keys[0]).toMatchObject({
      status: 'retired',
      createdAt: '2026-01-01T00:00:00.000Z',
      retiredAt: '2026-01-01T00:00:00.005Z',
    });
    expect(jwks.keys[1]).not.toHaveProperty('retiredAt');
    expect(publicKeysFromJwks(JSON.parse(JSON.stringify(jwks)), true).map((k) => k.kid)).toEqual(
      ring.map((e) => e.key.kid),
    );
    // A bundle's key set is strict: status members are refused there.
    expectCode(() => publicKeysFromJwks(jwks), 'TAI-RECEIPT-KEY-INVALID', '/keys/0/status');
  });

  it('serializes and parses the keyring; a tampered one is refused', () => {
    const ring = rotateKeyring(newKeyring(generateSigningKey(), t0), generateSigningKey(), t0 + 5);
    const json = JSON.parse(JSON.stringify(serializeKeyring(ring))) as { keys: Record<string, unknown>[] };
    const back = parseKeyring(json);
    expect(activeKey(back).kid).toBe(activeKey(ring).kid);
    const twoActive = { keys: json.keys.map((k) => ({ ...k, status: 'active', retiredAt: null })) };
    expectCode(() => parseKeyring(twoActive), 'TAI-RECEIPT-KEY-INVALID');
    const noDate = { keys: [{ ...json.keys[1], createdAt: 'yesterday' }] };
    expectCode(() => parseKeyring(noDate), 'TAI-RECEIPT-KEY-INVALID', '/keys/0/createdAt');
  });
});
