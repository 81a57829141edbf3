/**
 * The strict Ed25519 rules, checked against point arithmetic done here in BigInt (RFC 8032 5.1): every
 * blocked encoding decodes to a point P with [8]P = identity, and the RFC 8032 section 7.1 test vectors
 * (keys and signatures) are all accepted.
 */
import { sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isStrictPoint, signatureProblem } from './ed25519-strict.ts';
import { publicKeyFromRaw, signingKeyFromSeed, verifyBytes } from './keys.ts';
import { DomainError } from '../errors/domain-error.ts';

const p = 2n ** 255n - 19n;
const d = (-121665n * inv(121666n)) % p;
function mod(a: bigint): bigint {
  return ((a % p) + p) % p;
}
function pow(b: bigint, e: bigint): bigint {
  let r = 1n;
  let x = mod(b);
  let k = e;
  while (k > 0n) {
    if (k & 1n) r = (r * x) % p;
    x = (x * x) % p;
    k >>= 1n;
  }
  return r;
}
function inv(a: bigint): bigint {
  return pow(a, 2n ** 255n - 21n);
}
const SQRT_M1 = pow(2n, (p - 1n) / 4n);

type Pt = [bigint, bigint];
const add = ([x1, y1]: Pt, [x2, y2]: Pt): Pt => {
  const t = mod(d * x1 * x2 * y1 * y2);
  return [mod((x1 * y2 + x2 * y1) * inv(1n + t)), mod((y1 * y2 + x1 * x2) * inv(1n - t))];
};
const decode = (bytes: Uint8Array): Pt | null => {
  const le = Buffer.from(bytes).reverse().toString('hex');
  const n = BigInt(`0x${le}`);
  const sign = n >> 255n;
  const y = mod(n & ((1n << 255n) - 1n));
  const u = mod(y * y - 1n);
  const v = mod(d * y * y + 1n);
  let x = mod(u * pow(v, 3n) * pow(u * pow(v, 7n), (p - 5n) / 8n));
  if (mod(v * x * x) !== u) x = mod(x * SQRT_M1);
  if (mod(v * x * x) !== u) return null;
  if ((x & 1n) !== sign) x = mod(-x);
  return [x, y];
};
const times8 = (pt: Pt): Pt => [1, 2, 3].reduce((q) => add(q, q), pt);
const isIdentity = ([x, y]: Pt): boolean => x === 0n && y === 1n;

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));
const BLOCKED = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p: non-canonical 0
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p + 1: non-canonical 1
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
];

// RFC 8032 section 7.1, tests 1 to 3 (secret key, public key, message, signature).
const RFC8032 = [
  [
    '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    '',
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  ],
  [
    '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    '72',
    '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  ],
  [
    'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    'af82',
    '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  ],
] as const;

describe('strict Ed25519', () => {
  it('blocks exactly encodings of points of order dividing 8, or non-canonical ones', () => {
    for (const h of BLOCKED) {
      const bytes = hex(h);
      expect(isStrictPoint(bytes), h).toBe(false);
      const pt = decode(bytes);
      const y = BigInt(`0x${Buffer.from(bytes).reverse().toString('hex')}`) & ((1n << 255n) - 1n);
      if (y < p) expect(pt !== null && isIdentity(times8(pt)), h).toBe(true);
    }
    for (const [, pub] of RFC8032) {
      const pt = decode(hex(pub));
      expect(pt !== null && !isIdentity(times8(pt))).toBe(true);
      expect(isStrictPoint(hex(pub))).toBe(true);
    }
  });

  it('accepts the RFC 8032 test vectors, byte for byte', () => {
    for (const [seed, pub, msg, sig] of RFC8032) {
      const key = signingKeyFromSeed(hex(seed));
      expect(Buffer.from(key.raw).toString('hex')).toBe(pub);
      expect(sign(null, hex(msg), key.privateKey).toString('hex')).toBe(sig);
      expect(verifyBytes(publicKeyFromRaw(hex(pub)), hex(msg), hex(sig))).toBe(true);
      expect(signatureProblem(hex(sig))).toBeNull();
    }
  });

  it('refuses the identity as a key and R = identity, S = 0 as a signature (which OpenSSL accepts)', () => {
    expect(() => publicKeyFromRaw(hex(BLOCKED[1] ?? ''))).toThrow(DomainError);
    const forged = new Uint8Array(64);
    forged[0] = 1;
    expect(signatureProblem(forged)).toBe('small-order-r');
    const [seed, , msg, sig] = RFC8032[1];
    const key = signingKeyFromSeed(hex(seed));
    expect(verifyBytes(key, hex(msg), forged)).toBe(false);
    // S + L verifies in some libraries; it is not canonical.
    const s = BigInt(`0x${Buffer.from(hex(sig).subarray(32)).reverse().toString('hex')}`);
    const sPlusL = s + 2n ** 252n + 27742317777372353535851937790883648493n;
    const malleable = Buffer.concat([
      hex(sig).subarray(0, 32),
      Buffer.from(sPlusL.toString(16).padStart(64, '0'), 'hex').reverse(),
    ]);
    expect(signatureProblem(malleable)).toBe('non-canonical-s');
  });
});
