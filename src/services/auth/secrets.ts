/** Secrets are shown once and stored only as SHA-256; comparisons are constant-time. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const sha256Hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

export const newSecret = (): string => randomBytes(32).toString('base64url');

/** Compares a presented secret with a stored hash without leaking where they differ. */
export const secretMatches = (presented: string, storedHashHex: string): boolean => {
  const a = Buffer.from(sha256Hex(presented), 'hex');
  const b = Buffer.from(storedHashHex, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
};

/** API key tokens are `<keyId>.<secret>`: the id finds the row, the secret is checked against its hash. */
export const formatApiKeyToken = (keyId: string, secret: string): string => `${keyId}.${secret}`;

export const parseApiKeyToken = (token: string): { keyId: string; secret: string } | undefined => {
  const m = /^(key_[0-9a-z]{26})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return m?.[1] && m[2] ? { keyId: m[1], secret: m[2] } : undefined;
};
