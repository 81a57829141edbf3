/**
 * What RFC 8032 and OpenSSL accept and a verifier of evidence must not. A public key or a signature's R
 * that is a point of small order (the identity among them: with it, R = identity and S = 0 "verify" any
 * message) or a non-canonical encoding (y >= p), and an S that is not below the group order L. The
 * small-order points are the eight of the 8-torsion; compared on y with the sign bit masked, they are y in
 * {0, 1, p-1} and the two y of the points of order 8, plus their non-canonical twins y + p where y + p
 * still fits in 255 bits. ed25519-strict.test.ts recomputes this list with point arithmetic.
 */

// Little-endian 32-byte encodings, sign bit (bit 255) cleared.
const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));
const SMALL_ORDER_Y: readonly Uint8Array[] = [
  hex('0000000000000000000000000000000000000000000000000000000000000000'), // y = 0: order 4
  hex('0100000000000000000000000000000000000000000000000000000000000000'), // y = 1: the identity
  hex('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'), // y = p - 1: order 2
  hex('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05'), // order 8
  hex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'), // order 8
];

// p = 2^255 - 19, little-endian.
const P = hex('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');
// L = 2^252 + 27742317777372353535851937790883648493, little-endian.
const L = hex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');

/** a >= b for 32-byte little-endian numbers, `a`'s top bit masked when `mask`. */
const atLeast = (a: Uint8Array, offset: number, b: Uint8Array, mask: boolean): boolean => {
  for (let i = 31; i >= 0; i--) {
    const x = (a[offset + i] ?? 0) & (mask && i === 31 ? 0x7f : 0xff);
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
};

/** y of the encoding at `offset` equals `y` (sign bit masked), or equals y + p (the non-canonical twin). */
const sameY = (a: Uint8Array, offset: number, y: Uint8Array): boolean => {
  for (let i = 0; i < 32; i++) {
    if (((a[offset + i] ?? 0) & (i === 31 ? 0x7f : 0xff)) !== (y[i] ?? 0)) return false;
  }
  return true;
};

/** Whether the 32-byte point encoding at `offset` is canonical and not of small order. */
export const isStrictPoint = (bytes: Uint8Array, offset = 0): boolean => {
  if (bytes.length < offset + 32) return false;
  if (atLeast(bytes, offset, P, true)) return false; // y >= p: non-canonical (covers y = p, p + 1, ...)
  for (const y of SMALL_ORDER_Y) if (sameY(bytes, offset, y)) return false;
  // x = 0 with the sign bit set encodes no point (RFC 8032 5.1.3 step 4) for y = 1 and y = p - 1, both
  // already refused above.
  return true;
};

type SignatureProblem = 'length' | 'small-order-r' | 'non-canonical-s';

/** Why a 64-byte signature R || S is not strict, or null. */
export const signatureProblem = (sig: Uint8Array): SignatureProblem | null => {
  if (sig.length !== 64) return 'length';
  if (!isStrictPoint(sig, 0)) return 'small-order-r';
  if (atLeast(sig.subarray(32), 0, L, false)) return 'non-canonical-s';
  return null;
};
