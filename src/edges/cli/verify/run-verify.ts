/**
 * `tai verify <bundle.json> [--previous-checkpoint file] [--keys jwks.json] [--workers n] [--json]`:
 * offline verification of an exported receipt bundle. Signatures are checked on all cores (worker
 * threads), then the chain seams, the signed checkpoint and root, and consistency with an older
 * checkpoint. Exit 0 when everything holds, 1 naming the first bad entry, 64 usage, 66 unreadable input,
 * 70 internal error.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { checkReceiptRange, mergeRanges } from '../../../domain/receipts/bundle-range.ts';
import type { RangeCheck } from '../../../domain/receipts/bundle-range.ts';
import { finishBundle, openBundle } from '../../../domain/receipts/bundle.ts';
import type { BundleVerdict } from '../../../domain/receipts/bundle.ts';
import { publicKeysFromJwks } from '../../../domain/receipts/keyring.ts';
import type { PublicReceiptKey } from '../../../domain/receipts/keys.ts';
import type { CliIo } from '../io.ts';
import { checkInWorkers } from './pool.ts';
import { createProgress } from './progress.ts';

export interface VerifyCommandOptions {
  /** Worker threads to use; default: all cores. */
  readonly workers?: number;
  /** Below this many receipts per worker, fewer workers (or none) are used. */
  readonly minPerWorker?: number;
  /** Show progress from this many receipts on. */
  readonly progressThreshold?: number;
}

const USAGE =
  'usage: tai verify <bundle.json> [--previous-checkpoint <file>] [--keys <jwks.json>] [--workers <n>] [--json]\n';

interface Args {
  bundle: string;
  previous?: string;
  keys?: string;
  workers?: number;
  json: boolean;
}

const parseArgs = (argv: readonly string[]): Args | string => {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === '--json') json = true;
    else if (flag === '--previous-checkpoint' || flag === '--keys' || flag === '--workers') {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') return `${flag} needs a value`;
      flags.set(flag, value);
    } else if (flag.startsWith('-')) return `unknown option ${flag}`;
    else positional.push(arg);
  }
  const [bundle, ...more] = positional;
  if (bundle === undefined || more.length > 0) return 'give exactly one bundle file';
  const args: Args = { bundle, json };
  const previous = flags.get('--previous-checkpoint');
  const keys = flags.get('--keys');
  const workers = flags.get('--workers');
  if (previous !== undefined) args.previous = previous;
  if (keys !== undefined) args.keys = keys;
  if (workers !== undefined) {
    args.workers = Number(workers);
    if (!Number.isInteger(args.workers) || args.workers < 1) return '--workers takes a positive integer';
  }
  return args;
};

const decodeJson = (bytes: Uint8Array): unknown => JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));

/** A checkpoint file is the signed note itself, or JSON with a `checkpoint` member (as the API serves it). */
const checkpointFrom = (bytes: Uint8Array): string => {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  if (!text.trimStart().startsWith('{')) return text;
  const cp = (JSON.parse(text) as { checkpoint?: unknown }).checkpoint;
  if (typeof cp !== 'string') throw new Error('the JSON has no checkpoint member');
  return cp;
};

const describe = (v: Exclude<BundleVerdict, { ok: true }>): string =>
  v.entry === 'receipt'
    ? `receipt ${v.index ?? '?'}${v.receiptId === null ? '' : ` (${v.receiptId})`}`
    : `the ${v.entry}`;

export const runVerify = async (
  argv: readonly string[],
  io: CliIo,
  options: VerifyCommandOptions = {},
): Promise<number> => {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr.write(`tai verify: ${args}\n${USAGE}`);
    return 64;
  }

  let raw: Uint8Array;
  let previous: string | undefined;
  let trusted: PublicReceiptKey[] | undefined;
  try {
    raw = await readFile(args.bundle);
    if (args.previous !== undefined) previous = checkpointFrom(await readFile(args.previous));
    if (args.keys !== undefined) trusted = publicKeysFromJwks(decodeJson(await readFile(args.keys)), true);
  } catch (e) {
    io.stderr.write(`tai verify: cannot read input: ${e instanceof Error ? e.message : String(e)}\n`);
    return 66;
  }

  let verdict: BundleVerdict;
  try {
    verdict = await verify(
      raw,
      previous,
      trusted,
      args.workers ?? options.workers ?? availableParallelism(),
      io,
      options,
    );
  } catch (e) {
    io.stderr.write(`tai verify: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 70;
  }
  if (args.json) io.stdout.write(`${JSON.stringify(verdict)}\n`);
  if (!verdict.ok) {
    io.stderr.write(`tai verify: FAILED at ${describe(verdict)}: ${verdict.reason}\n`);
    return 1;
  }
  if (!args.json) {
    const prev =
      verdict.previousTreeSize === null
        ? ''
        : `; consistent with the previous checkpoint (${verdict.previousTreeSize} receipts)`;
    io.stdout.write(
      `OK: ${verdict.treeSize} receipts of ${verdict.origin}: every signature, the chain and the Merkle root ${verdict.root} (checkpoint signed by ${verdict.checkpointKid}) hold${prev}\n`,
    );
  }
  return 0;
};

const verify = async (
  raw: Uint8Array,
  previous: string | undefined,
  trusted: PublicReceiptKey[] | undefined,
  workers: number,
  io: CliIo,
  options: VerifyCommandOptions,
): Promise<BundleVerdict> => {
  let parsed: unknown;
  try {
    parsed = decodeJson(raw);
  } catch {
    return { ok: false, entry: 'bundle', index: null, receiptId: null, reason: 'the file is not UTF-8 JSON' };
  }
  const opened = openBundle(parsed, trusted);
  if (!opened.ok) return opened.error;
  const { receipts, customerId, keyMap } = opened.value;
  const parts = Math.min(workers, Math.floor(receipts.length / (options.minPerWorker ?? 2048)));
  const progress =
    receipts.length >= (options.progressThreshold ?? 10_000) ? createProgress(io.stderr, receipts.length) : null;
  let ranges: RangeCheck[];
  try {
    ranges =
      parts >= 2
        ? await checkInWorkers({ receipts, customerId, jwks: (parsed as { keys: unknown }).keys }, parts, (d) =>
            progress?.update(d),
          )
        : [checkReceiptRange(receipts, 0, keyMap, customerId, (d) => progress?.update(d))];
  } finally {
    progress?.end();
  }
  const merged = mergeRanges(ranges);
  if (merged.failure !== null) return { ok: false, entry: 'receipt', ...merged.failure };
  return finishBundle(opened.value, merged.leafHashes, previous);
};
