/**
 * Ed25519 receipt signing keys (node:crypto): generation, the key id, JWK (OKP/Ed25519) import/export,
 * rotation and the public JWKS. Key ids are `ed25519-` + base64url(SHA-256(raw public key)[0:8]), so a
 * JWK whose kid does not match its `x` is rejected. File storage belongs to the caller.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { DomainError } from '../errors/domain-error.ts';
import { isStrictPoint, signatureProblem } from './ed25519-strict.ts';
import { fromBase64Url, toBase64Url } from './encoding.ts';

export interface PublicReceiptKey {
  readonly kid: string;
  /** The 32-byte RFC 8032 public key. */
  readonly raw: Uint8Array;
  readonly publicKey: KeyObject;
}

export interface SigningKey extends PublicReceiptKey {
  readonly privateKey: KeyObject;
}

export interface PublicJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly kid: string;
  readonly use: 'sig';
  readonly alg: 'EdDSA';
}

interface PrivateJwk extends PublicJwk {
  readonly d: string;
}

const KID_PREFIX = 'ed25519-';
// PKCS#8 DER header of an Ed25519 private key (RFC 8410); the 32-byte seed follows.
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

const invalid = (detail: string, path?: string): DomainError =>
  new DomainError('TAI-RECEIPT-KEY-INVALID', path === undefined ? { detail } : { detail, path });

export const keyIdOf = (raw: Uint8Array): string =>
  KID_PREFIX + toBase64Url(createHash('sha256').update(raw).digest().subarray(0, 8));

const rawOf = (publicKey: KeyObject): Uint8Array => {
  const { x } = publicKey.export({ format: 'jwk' });
  const raw = typeof x === 'string' ? fromBase64Url(x) : null;
  if (raw === null || raw.length !== 32) throw invalid('not an Ed25519 public key');
  return raw;
};

const withPrivate = (privateKey: KeyObject): SigningKey => {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw invalid('not an Ed25519 private key');
  const publicKey = createPublicKey(privateKey);
  const raw = rawOf(publicKey);
  return { kid: keyIdOf(raw), raw, publicKey, privateKey };
};

export const generateSigningKey = (): SigningKey => withPrivate(generateKeyPairSync('ed25519').privateKey);

/** A key from its 32-byte RFC 8032 seed: deterministic, for tests and the documented worked example. */
export const signingKeyFromSeed = (seed: Uint8Array): SigningKey => {
  if (seed.length !== 32) throw invalid('an Ed25519 seed is 32 bytes');
  return withPrivate(createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' }));
};

export const publicKeyFromRaw = (raw: Uint8Array): PublicReceiptKey => {
  if (raw.length !== 32) throw invalid('an Ed25519 public key is 32 bytes');
  if (!isStrictPoint(raw)) throw invalid('the key is a point of small order (such as the identity) or not canonical');
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(raw) }, format: 'jwk' });
  return { kid: keyIdOf(raw), raw: Uint8Array.from(raw), publicKey };
};

export const publicPart = (key: PublicReceiptKey): PublicReceiptKey => ({
  kid: key.kid,
  raw: key.raw,
  publicKey: key.publicKey,
});

export const signBytes = (key: SigningKey, bytes: Uint8Array): Uint8Array => sign(null, bytes, key.privateKey);

/** Strict Ed25519 (ed25519-strict.ts): a small-order R or an S not below L never verifies. */
export const verifyBytes = (key: PublicReceiptKey, bytes: Uint8Array, signature: Uint8Array): boolean => {
  if (signatureProblem(signature) !== null) return false;
  try {
    return verify(null, bytes, key.publicKey, signature);
  } catch {
    return false;
  }
};

export const toPublicJwk = (key: PublicReceiptKey): PublicJwk => ({
  kty: 'OKP',
  crv: 'Ed25519',
  x: toBase64Url(key.raw),
  kid: key.kid,
  use: 'sig',
  alg: 'EdDSA',
});

export const toPrivateJwk = (key: SigningKey): PrivateJwk => {
  const { d } = key.privateKey.export({ format: 'jwk' });
  if (typeof d !== 'string') throw invalid('private key has no d');
  return { ...toPublicJwk(key), d };
};

const JWK_FIXED = { kty: 'OKP', crv: 'Ed25519', use: 'sig', alg: 'EdDSA' } as const;

/**
 * Reads a public JWK strictly: the fixed members must have their one value, `x` must be canonical
 * base64url of 32 bytes and `kid` must be derived from it. Members outside `allowed` are rejected.
 */
export const publicKeyFromJwk = (
  value: unknown,
  path = '',
  allowed: readonly string[] = ['kty', 'crv', 'x', 'kid', 'use', 'alg'],
): PublicReceiptKey => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('a JWK is an object', path);
  const jwk = value as Record<string, unknown>;
  for (const name of Object.keys(jwk))
    if (!allowed.includes(name)) throw invalid(`unexpected JWK member ${name}`, `${path}/${name}`);
  for (const [name, want] of Object.entries(JWK_FIXED)) {
    if (jwk[name] !== want) throw invalid(`${name} must be ${want}`, `${path}/${name}`);
  }
  const raw = typeof jwk['x'] === 'string' ? fromBase64Url(jwk['x']) : null;
  if (raw === null || raw.length !== 32) throw invalid('x must be base64url of 32 bytes', `${path}/x`);
  const key = publicKeyFromRaw(raw);
  if (jwk['kid'] !== key.kid) throw invalid(`kid must be ${key.kid}, the id of x`, `${path}/kid`);
  return key;
};

export const signingKeyFromJwk = (value: unknown, path = ''): SigningKey => {
  const allowed = ['kty', 'crv', 'x', 'kid', 'use', 'alg', 'd'];
  const pub = publicKeyFromJwk(value, path, allowed);
  const d = (value as Record<string, unknown>)['d'];
  const seed = typeof d === 'string' ? fromBase64Url(d) : null;
  if (seed === null || seed.length !== 32) throw invalid('d must be base64url of 32 bytes', `${path}/d`);
  const key = signingKeyFromSeed(seed);
  if (key.kid !== pub.kid) throw invalid('d and x are not one key pair', `${path}/d`);
  return key;
};
