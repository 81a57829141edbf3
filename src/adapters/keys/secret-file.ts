/** A 32-byte secret kept in an owner-only file: created on first use in development, required in production. */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { KeyFileError, readKeyFile } from './key-file-error.ts';

export const loadOrCreateSecret = (path: string, create: boolean): Uint8Array => {
  if (existsSync(path) || !create) {
    const bytes = Buffer.from(readKeyFile('audit secret', path, () => readFileSync(path, 'utf8')).trim(), 'base64url');
    if (bytes.length !== 32) throw new KeyFileError('audit secret', path, 'malformed', 'must hold 32 bytes, base64url');
    return bytes;
  }
  mkdirSync(dirname(path), { recursive: true });
  const secret = randomBytes(32);
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, `${secret.toString('base64url')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return secret;
};
