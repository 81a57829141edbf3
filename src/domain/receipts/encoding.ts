/**
 * Strict byte encodings. Decoders accept only the canonical encoding (re-encoding gives the input back),
 * so no two strings decode to the same bytes and a flipped character never goes unnoticed.
 */
export const toHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

export const toBase64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

export const toBase64Url = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');

const HEX = /^(?:[0-9a-f]{2})*$/;

/** Lowercase hex only. */
export const fromHex = (s: string): Uint8Array | null => (HEX.test(s) ? Buffer.from(s, 'hex') : null);

/** RFC 4648 section 4 with padding. */
export const fromBase64 = (s: string): Uint8Array | null => {
  const b = Buffer.from(s, 'base64');
  return b.toString('base64') === s ? b : null;
};

/** RFC 4648 section 5 without padding. */
export const fromBase64Url = (s: string): Uint8Array | null => {
  const b = Buffer.from(s, 'base64url');
  return b.toString('base64url') === s ? b : null;
};
