/**
 * `tai verify <bundle.json> [options]` (args.ts): offline verification of an exported receipt bundle.
 * Inputs are read as strict JSON (no byte-order mark, no member twice, no lone surrogate). Signatures are
 * checked on all cores (worker threads), then the chain seams, the signed checkpoints and roots, the
 * witnesses' cosignatures and key lifecycles, and consistency with an older checkpoint. Exit 0 when
 * everything holds, 1 naming the first bad entry, 64 usage, 66 unreadable input, 70 internal error.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { checkReceiptRange, mergeRanges } from '../../../domain/receipts/bundle-range.ts';
import type { RangeCheck, RangeKey } from '../../../domain/receipts/bundle-range.ts';
import { finishBundle } from '../../../domain/receipts/bundle-finish.ts';
import type { FinishOptions } from '../../../domain/receipts/bundle-finish.ts';
import { failure } from '../../../domain/receipts/bundle-verdict.ts';
import type { BundleVerdict } from '../../../domain/receipts/bundle-verdict.ts';
import { openBundle } from '../../../domain/receipts/bundle.ts';
import { parseVkey } from '../../../domain/receipts/cosignature.ts';
import type { WitnessKey } from '../../../domain/receipts/cosignature.ts';
import { isDomainError } from '../../../domain/errors/domain-error.ts';
import { lifecycleKeysFromJwks } from '../../../domain/receipts/key-lifecycle.ts';
import { decodeUtf8, illFormedStringPath, parseStrictJsonBytes } from '../../../domain/receipts/strict-json.ts';
import type { CliIo } from '../io.ts';
import { defineCommand, runCommand, type Args } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { VERIFY_OPTIONS, verifyArgs } from './args.ts';
import { checkpointFileProblem } from './checkpoint-file.ts';
import { checkInWorkers, startWorkers } from './pool.ts';
import type { WorkerPool } from './pool.ts';
import { createProgress } from './progress.ts';

export interface VerifyCommandOptions {
  /** Worker threads to use; default: all cores. */
  readonly workers?: number;
  /** Below this many receipts per worker, fewer workers (or none) are used. */
  readonly minPerWorker?: number;
  /** Show progress from this many receipts on. */
  readonly progressThreshold?: number;
  /** The verifier's clock (tests); default Date.now. */
  readonly nowMs?: () => number;
}

const describe = (v: Exclude<BundleVerdict, { ok: true }>): string =>
  v.entry === 'receipt'
    ? `receipt ${v.index ?? '?'}${v.receiptId === null ? '' : ` (${v.receiptId})`}`
    : `the ${v.entry}`;

interface Inputs {
  readonly raw: Uint8Array;
  readonly previous: Uint8Array | undefined;
  readonly keys: Uint8Array | undefined;
}

const readInputs = async (bundle: string, previous?: string, keys?: string): Promise<Inputs> => ({
  raw: await readFile(bundle),
  previous: previous === undefined ? undefined : await readFile(previous),
  keys: keys === undefined ? undefined : await readFile(keys),
});

const verifyWith = async (
  parsed: Args<keyof typeof VERIFY_OPTIONS>,
  io: CliIo,
  options: VerifyCommandOptions,
): Promise<number> => {
  const args = verifyArgs(parsed);
  if (typeof args === 'string') {
    io.stderr.write(`tai verify: ${args}\n`);
    return EXIT.usage;
  }
  const witnesses: WitnessKey[] = [];
  for (const v of args.witnesses) {
    const w = parseVkey(v);
    if (!w.ok) {
      io.stderr.write(`tai verify: --witness: ${w.error}\n`);
      return EXIT.usage;
    }
    witnesses.push(w.value);
  }

  let inputs: Inputs;
  try {
    inputs = await readInputs(args.bundle, args.previous, args.keys);
  } catch (e) {
    io.stderr.write(`tai verify: cannot read input: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.unreadable;
  }

  let verdict: BundleVerdict;
  try {
    const finish: FinishOptions = {
      ...(args.origin === undefined ? {} : { expectedOrigin: args.origin }),
      ...(witnesses.length === 0 ? {} : { witnesses, minWitnesses: args.min ?? 1 }),
      ...(args.maxAgeMs === undefined ? {} : { maxAgeMs: args.maxAgeMs }),
      nowMs: (options.nowMs ?? Date.now)(),
    };
    verdict = await verify(
      inputs,
      finish,
      args.workers ?? options.workers ?? availableParallelism(),
      io,
      options,
      args.keys ?? '',
    );
  } catch (e) {
    io.stderr.write(`tai verify: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.internal;
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
    const witnessed =
      verdict.witnessedAt === null
        ? ''
        : `; cosigned by ${verdict.witnesses.join(', ')} (newest ${verdict.witnessedAt})`;
    io.stdout.write(
      `OK: ${verdict.treeSize} receipts of ${verdict.origin}: every signature, the chain and the Merkle root ${verdict.root} (checkpoint signed by ${verdict.checkpointKid}) hold${prev}${witnessed}\n`,
    );
  }
  return 0;
};

const trustedFrom = (bytes: Uint8Array, file: string): RangeKey[] | BundleVerdict => {
  const parsed = parseStrictJsonBytes(bytes);
  if (!parsed.ok) return failure('keys', `the --keys file ${file} is not a JWKS: ${parsed.error}`);
  try {
    return lifecycleKeysFromJwks(parsed.value, true);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const at = e.path === undefined || e.path === '' ? '' : ` at ${e.path}`;
    return failure('keys', `the --keys file ${file}${at}: ${e.detail ?? e.message}`);
  }
};

/** A bundle that is not strict JSON: name the receipt holding the problem when there is one. */
const notStrict = (raw: Uint8Array, problem: string): BundleVerdict => {
  const text = decodeUtf8(raw);
  let value: unknown;
  try {
    value = text === null ? undefined : JSON.parse(text);
  } catch {
    value = undefined;
  }
  const at = value === undefined ? null : illFormedStringPath(value);
  const m = at === null ? null : /^\/receipts\/(\d+)(\/.*)?$/.exec(at);
  if (m === null || m[1] === undefined) return failure('bundle', `the file is not strict UTF-8 JSON: ${problem}`);
  const index = Number(m[1]);
  const receipts = (value as { receipts: unknown[] }).receipts;
  const id = (receipts[index] as { body?: { id?: unknown } } | null)?.body?.id;
  return {
    ok: false,
    entry: 'receipt',
    index,
    receiptId: typeof id === 'string' && illFormedStringPath(id) === null ? id : null,
    reason: `${problem} at ${m[2] ?? '/'} (not well-formed Unicode)`,
  };
};

const verify = async (
  inputs: Inputs,
  finish: FinishOptions,
  workers: number,
  io: CliIo,
  options: VerifyCommandOptions,
  keysFile: string,
): Promise<BundleVerdict> => {
  // Large enough for two worker ranges (a receipt is at least 400 bytes): start the workers now, so
  // that their start-up runs while this thread parses.
  const minPerWorker = options.minPerWorker ?? 2048;
  const pool = workers >= 2 && inputs.raw.length >= 2 * minPerWorker * 400 ? startWorkers(workers) : null;
  try {
    return await verifyParsed(inputs, finish, workers, io, options, keysFile, pool);
  } finally {
    pool?.close();
  }
};

const verifyParsed = async (
  inputs: Inputs,
  finish: FinishOptions,
  workers: number,
  io: CliIo,
  options: VerifyCommandOptions,
  keysFile: string,
  pool: WorkerPool | null,
): Promise<BundleVerdict> => {
  const parsed = parseStrictJsonBytes(inputs.raw);
  if (!parsed.ok) return notStrict(inputs.raw, parsed.error);
  let trusted: RangeKey[] | undefined;
  if (inputs.keys !== undefined) {
    const t = trustedFrom(inputs.keys, keysFile);
    if (!Array.isArray(t)) return t;
    trusted = t;
  }
  let previousCheckpoint: string | undefined;
  if (inputs.previous !== undefined) {
    const cp = checkpointFileProblem(inputs.previous);
    if (!cp.ok) return failure('previous-checkpoint', cp.error);
    previousCheckpoint = cp.value;
  }
  const opened = openBundle(parsed.value, trusted);
  if (!opened.ok) return opened.error;
  const { receipts, customerId, keyMap, keys } = opened.value;
  const parts = Math.min(workers, Math.floor(receipts.length / (options.minPerWorker ?? 2048)));
  const progress =
    receipts.length >= (options.progressThreshold ?? 10_000) ? createProgress(io.stderr, receipts.length) : null;
  let ranges: RangeCheck[];
  try {
    ranges =
      parts >= 2
        ? await checkInWorkers(
            {
              receipts,
              customerId,
              keys: keys.map((k) =>
                k.lifecycle === undefined ? { raw: k.raw } : { raw: k.raw, lifecycle: k.lifecycle },
              ),
            },
            parts,
            (d) => progress?.update(d),
            pool ?? startWorkers(parts),
          )
        : [checkReceiptRange(receipts, 0, keyMap, customerId, (d) => progress?.update(d))];
  } finally {
    progress?.end();
  }
  const merged = mergeRanges(ranges);
  if (merged.failure !== null) return { ok: false, entry: 'receipt', ...merged.failure };
  return finishBundle(opened.value, merged, {
    ...finish,
    ...(previousCheckpoint === undefined ? {} : { previousCheckpoint }),
  });
};

const verifySummary =
  'Verify an exported receipt bundle offline. It checks every signature, the chain and the Merkle root against the signed checkpoint, and optionally consistency with an older checkpoint and witness cosignatures.';

/** `tai verify` as the CLI table holds it; tests pass options (workers, thresholds, the clock). */
export const verifyCommand = (options: VerifyCommandOptions = {}) =>
  defineCommand({
    summary: verifySummary,
    args: '<bundle.json>',
    positionals: [1, 1],
    options: VERIFY_OPTIONS,
    notes: 'exit: 0 everything holds, 1 names the first bad entry, 64 usage, 66 unreadable input, 70 internal error',
    run: (args, io) => verifyWith(args, io, options),
  });

export const runVerify = (argv: readonly string[], io: CliIo, options: VerifyCommandOptions = {}): Promise<number> =>
  runCommand(verifyCommand(options), ['verify'], argv, io);
