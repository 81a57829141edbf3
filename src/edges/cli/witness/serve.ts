/**
 * `tai witness serve --key PATH --state DIR --log-keys JWKS [--origin-prefix P] [--name NAME]
 * [--host H] [--port N]`: runs a C2SP tlog-witness for the logs of one TAI service. It trusts the log keys
 * of the JWKS file (GET /.well-known/tai-receipt-keys.json, re-read when the file changes), refuses a
 * checkpoint signed only by a key past its retirement or compromise, and prints its vkey (what
 * TAI_WITNESSES and `tai verify --witness` pin) on start.
 */
import { readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { DEFAULT_JOURNAL_LIMIT, openJournalState } from '../../../adapters/witness/journal-state.ts';
import { formatVkey, witnessKey } from '../../../domain/receipts/cosignature.ts';
import { lifecycleKeysFromJwks } from '../../../domain/receipts/key-lifecycle.ts';
import type { LifecycleKey } from '../../../domain/receipts/key-lifecycle.ts';
import { isValidKeyName } from '../../../domain/receipts/note.ts';
import { parseStrictJson } from '../../../domain/receipts/strict-json.ts';
import { defineCommand, type Args } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { listenFailure, reportFailure } from '../failure.ts';
import type { CliIo } from '../io.ts';
import { loadOrCreateWitnessKey } from './key-file.ts';
import { createWitnessServer } from './server.ts';

const DEFAULT_NAME = 'tai-witness.example/w1';
const NAME = { type: 'string', value: '<name>', help: `the witness's key name (default ${DEFAULT_NAME})` } as const;
const KEY = {
  type: 'string',
  value: '<file>',
  required: true,
  help: "the witness's private key file (made if missing)",
} as const;

/** The log keys, re-read when the file's modification time changes. */
const watchedKeys = (path: string): (() => readonly LifecycleKey[]) => {
  let mtime = -1;
  let keys: readonly LifecycleKey[] = [];
  return () => {
    const m = statSync(path).mtimeMs;
    if (m !== mtime) {
      const parsed = parseStrictJson(readFileSync(path, 'utf8'));
      if (!parsed.ok) throw new Error(`${path}: ${parsed.error}`);
      keys = lifecycleKeysFromJwks(parsed.value, true);
      mtime = m;
    }
    return keys;
  };
};

const vkey = (args: Args<'key' | 'name'>, io: CliIo): Promise<number> => {
  const name = args.string('name') ?? DEFAULT_NAME;
  if (!isValidKeyName(name)) {
    io.stderr.write(`tai witness vkey: bad --name\n`);
    return Promise.resolve(EXIT.usage);
  }
  io.stdout.write(`${formatVkey(witnessKey(name, loadOrCreateWitnessKey(args.string('key') ?? '').raw))}\n`);
  return Promise.resolve(EXIT.ok);
};

type ServeOption = 'key' | 'state' | 'log-keys' | 'origin-prefix' | 'name' | 'host' | 'port' | 'journal-limit';

const serve = async (args: Args<ServeOption>, io: CliIo): Promise<number> => {
  const name = args.string('name') ?? DEFAULT_NAME;
  if (!isValidKeyName(name)) {
    io.stderr.write(`tai witness serve: bad --name\n`);
    return EXIT.usage;
  }
  const port = args.integer('port') ?? 7380;
  const key = loadOrCreateWitnessKey(args.string('key') ?? '');
  const logKeys = watchedKeys(args.string('log-keys') ?? '');
  logKeys();
  const originPrefix = args.string('origin-prefix') ?? 'tai-autonomics.example/receipts';
  const state = await openJournalState(args.string('state') ?? '', {
    journalLimit: args.integer('journal-limit') ?? DEFAULT_JOURNAL_LIMIT,
    onFoldError: (e) =>
      io.stderr.write(
        `tai witness serve: cannot fold the journal into the snapshot (it keeps growing until this works or the next start): ${e instanceof Error ? e.message : String(e)}\n`,
      ),
  });
  const server = createWitnessServer({
    identity: () => ({ name, key, originPrefix, logKeys: logKeys() }),
    state,
    now: () => Date.now(),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, args.string('host') ?? '127.0.0.1', resolve);
    });
  } catch (e) {
    await state.close();
    return reportFailure('tai witness serve', e, io, listenFailure(e, 'the witness', '--port or --host') ?? undefined);
  }
  const { address, port: bound } = server.address() as AddressInfo;
  io.stdout.write(`witness ${formatVkey(witnessKey(name, key.raw))}\nlistening on http://${address}:${bound}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      server.close(() => resolve());
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await state.close();
  return EXIT.ok;
};

export const witnessCommand = defineCommand({
  summary: 'Run a C2SP tlog-witness for the logs of one TAI service, or print its vkey.',
  subcommands: {
    serve: defineCommand({
      summary:
        'Serve the witness: it cosigns checkpoints signed by the log keys of the JWKS file (re-read when it changes) and prints its vkey on start.',
      options: {
        key: KEY,
        state: { type: 'string', value: '<dir>', required: true, help: 'where the witness keeps what it has cosigned' },
        'log-keys': {
          type: 'string',
          value: '<jwks.json>',
          required: true,
          help: "the service's receipt keys (GET /.well-known/tai-receipt-keys.json)",
        },
        'origin-prefix': {
          type: 'string',
          value: '<p>',
          help: 'log origins it accepts (default tai-autonomics.example/receipts)',
        },
        name: NAME,
        host: { type: 'string', value: '<h>', help: 'interface to listen on (default 127.0.0.1)' },
        port: { type: 'integer', min: 0, max: 65535, help: 'port to listen on (default 7380)' },
        'journal-limit': {
          type: 'integer',
          min: 1,
          max: 2 ** 40,
          value: '<bytes>',
          help: `fold the journal into the snapshot past this size and 4 times the snapshot's (default ${DEFAULT_JOURNAL_LIMIT})`,
        },
      },
      run: serve,
    }),
    vkey: defineCommand({
      summary: 'Print the vkey to pin (TAI_WITNESSES, tai verify --witness); makes the key if missing.',
      options: { key: KEY, name: NAME },
      run: vkey,
    }),
  },
});
