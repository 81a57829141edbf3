/** The witness's Ed25519 key: a 32-byte seed, base64url, in an owner-only file made on first use. */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { fromBase64Url, toBase64Url } from '../../../domain/receipts/encoding.ts';
import { signingKeyFromSeed } from '../../../domain/receipts/keys.ts';
import type { SigningKey } from '../../../domain/receipts/keys.ts';

export const loadOrCreateWitnessKey = (path: string): SigningKey => {
  if (!existsSync(path)) {
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, `${toBase64Url(randomBytes(32))}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  const seed = fromBase64Url(readFileSync(path, 'utf8').trim());
  if (seed === null || seed.length !== 32) throw new Error(`${path} must hold a 32-byte seed, base64url`);
  return signingKeyFromSeed(seed);
};
