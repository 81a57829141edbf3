/**
 * `tai secrets init DIR`: creates the two files production reads and never creates itself, the receipt
 * keyring (TAI_RECEIPT_KEY_PATH) and the audit pseudonym secret (TAI_AUDIT_SECRET_PATH), owner-only, so an
 * operator can load them into a secret store. It refuses to overwrite either: losing the keyring's private
 * keys or the audit secret cannot be undone.
 * `tai secrets rotate-receipt-key FILE`: the admin API's key rotation, offline, for a keyring that the
 * service reads from a read-only secret mount: the old keys stay in the ring, a fresh one signs from now on.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openFileKeyring } from '../../adapters/keys/file-keyring.ts';
import { loadOrCreateSecret } from '../../adapters/keys/secret-file.ts';
import type { CliIo } from './io.ts';

const USAGE =
  'usage: tai secrets init DIR               (writes DIR/receipt-keys.json and DIR/audit-secret)\n' +
  '       tai secrets rotate-receipt-key FILE (adds a fresh signing key to that keyring)\n';

export const runSecrets = (argv: readonly string[], io: CliIo): Promise<number> => {
  const [sub, dir, ...extra] = argv;
  if (sub === 'rotate-receipt-key' && dir !== undefined && extra.length === 0) {
    const key = openFileKeyring(resolve(dir), { create: false, nowMs: Date.now() }).rotate(Date.now());
    io.stdout.write(`${resolve(dir)}: now signing with key ${key.kid}\n`);
    return Promise.resolve(0);
  }
  if (sub !== 'init' || dir === undefined || extra.length > 0) {
    io.stderr.write(USAGE);
    return Promise.resolve(64);
  }
  const keyring = resolve(join(dir, 'receipt-keys.json'));
  const secret = resolve(join(dir, 'audit-secret'));
  const present = [keyring, secret].filter((p) => existsSync(p));
  if (present.length > 0) {
    io.stderr.write(`tai secrets init: refusing to overwrite ${present.join(' and ')}\n`);
    return Promise.resolve(73); // EX_CANTCREAT
  }
  openFileKeyring(keyring, { create: true, nowMs: Date.now() });
  loadOrCreateSecret(secret, true);
  io.stdout.write(`TAI_RECEIPT_KEY_PATH=${keyring}\nTAI_AUDIT_SECRET_PATH=${secret}\n`);
  return Promise.resolve(0);
};
