/**
 * `tai keys init --receipt-keys PATH --audit-secret PATH`: creates the two files production reads and never
 * creates itself, the receipt keyring (TAI_RECEIPT_KEY_PATH) and the audit pseudonym secret
 * (TAI_AUDIT_SECRET_PATH), owner-only (0600), so an operator can load them into a secret store. It refuses
 * to overwrite either: losing the keyring's private keys or the audit secret cannot be undone.
 * `tai keys rotate --receipt-keys PATH`: the admin API's key rotation, offline, for a keyring that the
 * service reads from a read-only secret mount: the old keys stay in the ring, a fresh one signs from now on.
 * `tai secrets init DIR` and `tai secrets rotate-receipt-key FILE` are the older names of the same two.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openFileKeyring } from '../../adapters/keys/file-keyring.ts';
import { KeyFileError } from '../../adapters/keys/key-file-error.ts';
import { loadOrCreateSecret } from '../../adapters/keys/secret-file.ts';
import { defineCommand } from './command.ts';
import { EXIT } from './exit-codes.ts';
import type { CliIo } from './io.ts';

const initKeys = (command: string, receiptKeys: string, auditSecret: string, io: CliIo): Promise<number> => {
  const keyring = resolve(receiptKeys);
  const secret = resolve(auditSecret);
  if (keyring === secret) {
    io.stderr.write(`${command}: the receipt keyring and the audit secret must be two files\n`);
    return Promise.resolve(EXIT.usage);
  }
  const present = [keyring, secret].filter((p) => existsSync(p));
  if (present.length > 0) {
    io.stderr.write(`${command}: refusing to overwrite ${present.join(' and ')}\n`);
    return Promise.resolve(EXIT.cantCreate);
  }
  openFileKeyring(keyring, { create: true, nowMs: Date.now() });
  loadOrCreateSecret(secret, true);
  io.stdout.write(`TAI_RECEIPT_KEY_PATH=${keyring}\nTAI_AUDIT_SECRET_PATH=${secret}\n`);
  return Promise.resolve(EXIT.ok);
};

const rotate = (command: string, file: string, io: CliIo): Promise<number> => {
  let signer: ReturnType<typeof openFileKeyring>;
  try {
    signer = openFileKeyring(resolve(file), { create: false, nowMs: Date.now() });
  } catch (e) {
    if (!(e instanceof KeyFileError)) throw e;
    io.stderr.write(`${command}: the ${e.message}\n`);
    return Promise.resolve(EXIT.unreadable);
  }
  const key = signer.rotate(Date.now());
  io.stdout.write(`${resolve(file)}: now signing with key ${key.kid}\n`);
  return Promise.resolve(EXIT.ok);
};

const INIT_SUMMARY =
  'Create the production receipt keyring and audit secret (owner-only, 0600); refuses to overwrite either.';
const ROTATE_SUMMARY = 'Add a fresh signing key to a receipt keyring offline; the old keys stay in it.';
const INIT_NOTES =
  'It prints the two settings to give the service. exit: 0 created, 64 usage, 73 a file exists (nothing written)';

export const keysCommand = defineCommand({
  summary: 'Create and rotate the key files production reads (TAI_RECEIPT_KEY_PATH, TAI_AUDIT_SECRET_PATH).',
  subcommands: {
    init: defineCommand({
      summary: INIT_SUMMARY,
      options: {
        'receipt-keys': { type: 'string', value: '<path>', required: true, help: 'the receipt keyring to create' },
        'audit-secret': { type: 'string', value: '<path>', required: true, help: 'the audit secret to create' },
      },
      notes: INIT_NOTES,
      run: (args, io) =>
        initKeys('tai keys init', args.string('receipt-keys') ?? '', args.string('audit-secret') ?? '', io),
    }),
    rotate: defineCommand({
      summary: ROTATE_SUMMARY,
      options: {
        'receipt-keys': { type: 'string', value: '<path>', required: true, help: 'the receipt keyring to rotate' },
      },
      run: (args, io) => rotate('tai keys rotate', args.string('receipt-keys') ?? '', io),
    }),
  },
});

export const secretsCommand = defineCommand({
  summary: 'The older names of tai keys init and tai keys rotate.',
  subcommands: {
    init: defineCommand({
      summary: `${INIT_SUMMARY} Writes DIR/receipt-keys.json and DIR/audit-secret.`,
      aliasOf: 'keys init',
      args: '<dir>',
      positionals: [1, 1],
      notes: INIT_NOTES,
      run: (args, io) => {
        const dir = args.positionals[0] ?? '';
        return initKeys('tai secrets init', join(dir, 'receipt-keys.json'), join(dir, 'audit-secret'), io);
      },
    }),
    'rotate-receipt-key': defineCommand({
      summary: ROTATE_SUMMARY,
      aliasOf: 'keys rotate',
      args: '<file>',
      positionals: [1, 1],
      run: (args, io) => rotate('tai secrets rotate-receipt-key', args.positionals[0] ?? '', io),
    }),
  },
});
