/**
 * The receipt keyring on disk: a JSON file of private JWKs, owner-only (0600), replaced atomically
 * (write a temporary file, fsync, rename) so a crash never leaves half a keyring. Development creates
 * it on first start; production only reads the configured path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomically } from '../atomic-file.ts';
import {
  activeKey,
  newKeyring,
  parseKeyring,
  revokeKeyring,
  rotateKeyring,
  serializeKeyring,
  type Keyring,
} from '../../domain/receipts/keyring.ts';
import { generateSigningKey, type SigningKey } from '../../domain/receipts/keys.ts';
import { isDomainError } from '../../domain/errors/domain-error.ts';
import { KeyFileError, readKeyFile } from './key-file-error.ts';

export interface ReceiptSigner {
  /** The key that signs new receipts and checkpoints. */
  active(): SigningKey;
  /** Every key, active and retired (for the JWKS and verification). */
  keyring(): Keyring;
  /** Retires the active key and starts signing with a fresh one. */
  rotate(nowMs: number): SigningKey;
  /** Marks a key compromised from `compromisedAt` on; the active key is rotated out first. Returns the active key. */
  revoke(kid: string, compromisedAt: string, nowMs: number): SigningKey;
}

const parseKeyringFile = (path: string, text: string): Keyring => {
  try {
    return parseKeyring(JSON.parse(text));
  } catch (e) {
    const why = isDomainError(e)
      ? `${e.detail ?? e.message}${e.path === undefined ? '' : ` at ${e.path}`}`
      : 'not JSON';
    throw new KeyFileError('receipt keyring', path, 'malformed', `is not a receipt keyring: ${why}`);
  }
};

export const openFileKeyring = (path: string, options: { create: boolean; nowMs: number }): ReceiptSigner => {
  let ring: Keyring;
  if (existsSync(path) || !options.create) {
    ring = parseKeyringFile(
      path,
      readKeyFile('receipt keyring', path, () => readFileSync(path, 'utf8')),
    );
  } else {
    ring = newKeyring(generateSigningKey(), options.nowMs);
    writeFileAtomically(path, JSON.stringify(serializeKeyring(ring), null, 2));
  }
  let active = activeKey(ring);
  return {
    active: () => active,
    keyring: () => ring,
    rotate: (nowMs) => {
      const next = rotateKeyring(ring, generateSigningKey(), nowMs);
      writeFileAtomically(path, JSON.stringify(serializeKeyring(next), null, 2));
      ring = next;
      active = activeKey(ring);
      return active;
    },
    revoke: (kid, compromisedAt, nowMs) => {
      const next = revokeKeyring(ring, kid, compromisedAt, generateSigningKey(), nowMs);
      writeFileAtomically(path, JSON.stringify(serializeKeyring(next), null, 2));
      ring = next;
      active = activeKey(ring);
      return active;
    },
  };
};
