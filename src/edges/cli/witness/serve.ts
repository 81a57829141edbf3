/**
 * `tai witness serve --key PATH --state DIR --log-keys JWKS [--origin-prefix P] [--name NAME]
 * [--host H] [--port N]`: runs a C2SP tlog-witness for the logs of one TAI service. It trusts the log keys
 * of the JWKS file (GET /.well-known/tai-receipt-keys.json, re-read when the file changes), refuses a
 * checkpoint signed only by a key past its retirement or compromise, and prints its vkey (what
 * TAI_WITNESSES and `tai verify --witness` pin) on start.
 */
import { readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { openJournalState } from '../../../adapters/witness/journal-state.ts';
import { formatVkey, witnessKey } from '../../../domain/receipts/cosignature.ts';
import { lifecycleKeysFromJwks } from '../../../domain/receipts/key-lifecycle.ts';
import type { LifecycleKey } from '../../../domain/receipts/key-lifecycle.ts';
import { isValidKeyName } from '../../../domain/receipts/note.ts';
import { parseStrictJson } from '../../../domain/receipts/strict-json.ts';
import type { CliIo } from '../io.ts';
import { loadOrCreateWitnessKey } from './key-file.ts';
import { createWitnessServer } from './server.ts';

const USAGE =
  'usage: tai witness serve --key <file> --state <dir> --log-keys <jwks.json> [--origin-prefix <p>] [--name <name>] [--host <h>] [--port <n>]\n' +
  '       tai witness vkey --key <file> [--name <name>]   (makes the key if missing; prints the vkey to pin)\n';

const DEFAULT_NAME = 'tai-witness.example/w1';
const OPTIONS = ['--key', '--state', '--log-keys', '--origin-prefix', '--name', '--host', '--port'];

const parseFlags = (
  argv: readonly string[],
  required = ['--key', '--state', '--log-keys'],
): Map<string, string> | string => {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!OPTIONS.includes(flag)) return `unknown argument ${arg}`;
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') return `${flag} needs a value`;
    flags.set(flag, value);
  }
  for (const r of required) if (!flags.has(r)) return `${r} is required`;
  return flags;
};

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

export const runWitness = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const [sub, ...rest] = argv;
  if (sub === 'vkey') {
    const flags = parseFlags(rest, ['--key']);
    const name = typeof flags === 'string' ? '' : (flags.get('--name') ?? DEFAULT_NAME);
    if (typeof flags === 'string' || !isValidKeyName(name)) {
      io.stderr.write(`tai witness: ${typeof flags === 'string' ? flags : 'bad --name'}\n${USAGE}`);
      return 64;
    }
    io.stdout.write(`${formatVkey(witnessKey(name, loadOrCreateWitnessKey(flags.get('--key') ?? '').raw))}\n`);
    return 0;
  }
  if (sub !== 'serve') {
    (sub === undefined || sub === '--help' ? io.stdout : io.stderr).write(USAGE);
    return sub === '--help' ? 0 : 64;
  }
  const flags = parseFlags(rest);
  const name = typeof flags === 'string' ? '' : (flags.get('--name') ?? DEFAULT_NAME);
  const port = typeof flags === 'string' ? NaN : Number(flags.get('--port') ?? '7380');
  if (typeof flags === 'string' || !isValidKeyName(name) || !Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr.write(`tai witness: ${typeof flags === 'string' ? flags : 'bad --name or --port'}\n${USAGE}`);
    return 64;
  }
  const key = loadOrCreateWitnessKey(flags.get('--key') ?? '');
  const logKeys = watchedKeys(flags.get('--log-keys') ?? '');
  logKeys();
  const originPrefix = flags.get('--origin-prefix') ?? 'tai-autonomics.example/receipts';
  const state = await openJournalState(flags.get('--state') ?? '');
  const server = createWitnessServer({
    identity: () => ({ name, key, originPrefix, logKeys: logKeys() }),
    state,
    now: () => Date.now(),
  });
  await new Promise<void>((resolve) => server.listen(port, flags.get('--host') ?? '127.0.0.1', resolve));
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
  return 0;
};
