/** A 32-byte secret kept in an owner-only file: created on first use in development, required in production. */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export const loadOrCreateSecret = (path: string, create: boolean): Uint8Array => {
  if (existsSync(path)) {
    const bytes = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64url');
    if (bytes.length !== 32) throw new Error(`${path} must hold 32 bytes, base64url`);
    return bytes;
  }
  if (!create) throw new Error(`secret file ${path} does not exist`);
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
