/**
 * `tai verify <bundle.json> [options]` (args.ts): offline verification of an exported receipt bundle.
 * Inputs are read as strict JSON (no byte-order mark, no member twice, no lone surrogate). Signatures are
 * checked on all cores (this thread and worker threads), then the chain seams, the signed checkpoints and roots, the
 * witnesses' cosignatures and key lifecycles, and consistency with an older checkpoint. Exit 0 when
 * everything holds, 1 naming the first bad entry, 64 usage, 66 unreadable input, 70 internal error.
 */
import { open, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { verifyChunked } from '../../../domain/receipts/bundle-chunks.ts';
import { checkReceiptRange, mergeRanges } from '../../../domain/receipts/bundle-range.ts';
import type { RangeCheck, RangeKey } from '../../../domain/receipts/bundle-range.ts';
import { finishBundle } from '../../../domain/receipts/bundle-finish.ts';
import type { FinishOptions } from '../../../domain/receipts/bundle-finish.ts';
import { failure } from '../../../domain/receipts/bundle-verdict.ts';
import type { BundleVerdict, OpenedBundle } from '../../../domain/receipts/bundle-verdict.ts';
import { openBundle } from '../../../domain/receipts/bundle.ts';
import {
  claimedSize,
  guidedSizes,
  receiptsLastAndEmpty,
  splitBundleBytes,
  wantedIndexes,
} from '../../../domain/receipts/bundle-split.ts';
import type { SplitBundle } from '../../../domain/receipts/bundle-split.ts';
import { parseVkey } from '../../../domain/receipts/cosignature.ts';
import type { WitnessKey } from '../../../domain/receipts/cosignature.ts';
import { isDomainError } from '../../../domain/errors/domain-error.ts';
import { err, ok } from '../../../domain/shared/result.ts';
import type { Result } from '../../../domain/shared/result.ts';
import { lifecycleKeysFromJwks } from '../../../domain/receipts/key-lifecycle.ts';
import { decodeUtf8, illFormedStringPath, parseStrictJsonBytes } from '../../../domain/receipts/strict-json.ts';
import type { CliIo } from '../io.ts';
import { defineCommand, runCommand, type Args } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { VERIFY_OPTIONS, verifyArgs } from './args.ts';
import { checkpointFileProblem } from './checkpoint-file.ts';
import { checkInWorkers, startWorkers } from './pool.ts';
import type { WorkerCheck, WorkerPool } from './pool.ts';
import { createProgress } from './progress.ts';
import type { Progress } from './progress.ts';
import type { PieceKeys } from './protocol.ts';

export interface VerifyCommandOptions {
  /** Threads checking receipts, this one and workers; default: all cores. */
  readonly workers?: number;
  /** Below this many receipts per thread, fewer threads (one: no workers) are used. */
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

/**
 * The bundle's bytes in a SharedArrayBuffer, so that each worker reads its piece where it lies (posting
 * a view of an ordinary buffer would copy all of it to every worker).
 */
const readShared = async (path: string): Promise<Uint8Array> => {
  const file = await open(path);
  try {
    const { size } = await file.stat();
    const bytes = Buffer.from(new SharedArrayBuffer(size));
    let filled = 0;
    for (let n = -1; n !== 0 && filled < size; filled += n)
      n = (await file.read(bytes, filled, size - filled, filled)).bytesRead;
    // A file that changed size while read: read it whole instead.
    if (filled < size || (await file.read(Buffer.alloc(1), 0, 1, size)).bytesRead !== 0) return await readFile(path);
    return bytes;
  } finally {
    await file.close();
  }
};

const readInputs = async (bundle: string, previous?: string, keys?: string): Promise<Inputs> => ({
  raw: await readShared(bundle),
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

/** A receipt is at least this many bytes of a bundle: the size that makes a range worth a worker. */
const RECEIPT_BYTES = 400;
/** The least piece the threads take in turn (about 85 exported receipts: some 10 ms of checks). */
const LEAST_PIECE_BYTES = 64 * 1024;

const verify = async (
  inputs: Inputs,
  finish: FinishOptions,
  workers: number,
  io: CliIo,
  options: VerifyCommandOptions,
  keysFile: string,
): Promise<BundleVerdict> => {
  // Large enough for two threads: start the workers now, so that their start-up runs while this
  // thread reads and splits the bundle.
  const minPerWorker = options.minPerWorker ?? 2048;
  const parts = Math.min(workers, Math.floor(inputs.raw.length / (minPerWorker * RECEIPT_BYTES)));
  const pool = parts >= 2 ? startWorkers(parts - 1) : null;
  try {
    if (pool === null)
      return (
        verifyHere(inputs, finish, io, options, keysFile) ??
        (await verifyParsed(inputs, finish, workers, io, options, keysFile, null))
      );
    const least = Math.min(LEAST_PIECE_BYTES, minPerWorker * RECEIPT_BYTES);
    const split = splitBundleBytes(inputs.raw, guidedSizes(inputs.raw.length, parts, least));
    if (split === null) return await verifyParsed(inputs, finish, workers, io, options, keysFile, pool);
    // Anything but strict JSON and a sound frame: the whole text is parsed here, which names the problem.
    const verdict = await verifySplit(split, inputs, finish, io, options, keysFile, pool);
    return verdict ?? (await verifyParsed(inputs, finish, workers, io, options, keysFile, null));
  } finally {
    pool?.close();
  }
};

interface Prepared {
  readonly opened: OpenedBundle;
  readonly previousCheckpoint: string | undefined;
}

interface OptionFiles {
  readonly trusted: RangeKey[] | undefined;
  readonly previousCheckpoint: string | undefined;
}

/** The --keys and --previous-checkpoint files, in that order. */
const optionFiles = (inputs: Inputs, keysFile: string): Result<OptionFiles, BundleVerdict> => {
  let trusted: RangeKey[] | undefined;
  if (inputs.keys !== undefined) {
    const t = trustedFrom(inputs.keys, keysFile);
    if (!Array.isArray(t)) return err(t);
    trusted = t;
  }
  let previousCheckpoint: string | undefined;
  if (inputs.previous !== undefined) {
    const cp = checkpointFileProblem(inputs.previous);
    if (!cp.ok) return err(failure('previous-checkpoint', cp.error));
    previousCheckpoint = cp.value;
  }
  return ok({ trusted, previousCheckpoint });
};

/** The --keys and --previous-checkpoint files, then the bundle's frame and keys, in that order. */
const prepare = (inputs: Inputs, keysFile: string, bundle: unknown): Result<Prepared, BundleVerdict> => {
  const files = optionFiles(inputs, keysFile);
  if (!files.ok) return files;
  const opened = openBundle(bundle, files.value.trusted);
  return opened.ok
    ? ok({ opened: opened.value, previousCheckpoint: files.value.previousCheckpoint })
    : err(opened.error);
};

/**
 * The bundle on this thread alone, parsed and checked in chunks (bundle-chunks.ts), when it verifies; null
 * otherwise, and verifyParsed then checks it again and names the problem (its progress starts over).
 */
const verifyHere = (
  inputs: Inputs,
  finish: FinishOptions,
  io: CliIo,
  options: VerifyCommandOptions,
  keysFile: string,
): BundleVerdict | null => {
  const files = optionFiles(inputs, keysFile);
  if (!files.ok) return null;
  const { trusted, previousCheckpoint } = files.value;
  const bar: { progress: Progress | null } = { progress: null };
  try {
    return verifyChunked(inputs.raw, {
      ...finish,
      ...(trusted === undefined ? {} : { trustedKeys: trusted }),
      ...(previousCheckpoint === undefined ? {} : { previousCheckpoint }),
      progress: (claimed) => {
        if (claimed < (options.progressThreshold ?? 10_000)) return undefined;
        const progress = createProgress(io.stderr, claimed);
        bar.progress = progress;
        return (done) => progress.update(done);
      },
    });
  } finally {
    bar.progress?.end();
  }
};

const workerKeys = (keys: readonly RangeKey[]): PieceKeys['keys'] =>
  keys.map((k) => (k.lifecycle === undefined ? { raw: k.raw } : { raw: k.raw, lifecycle: k.lifecycle }));

const finishWith = (ranges: readonly RangeCheck[], opened: OpenedBundle, finish: FinishOptions, previous?: string) => {
  const merged = mergeRanges(ranges);
  if (merged.failure !== null) return { ok: false, entry: 'receipt', ...merged.failure } satisfies BundleVerdict;
  return finishBundle(opened, merged, {
    ...finish,
    ...(previous === undefined ? {} : { previousCheckpoint: previous }),
  });
};

/**
 * The bundle parsed on the workers: this thread parses the frame, each worker its piece of the receipts
 * (bundle-split.ts). Null when the frame or a piece does not hold, or the inputs have a problem to name:
 * then verifyParsed parses the whole text and reports as it always has.
 */
const verifySplit = async (
  split: SplitBundle,
  inputs: Inputs,
  finish: FinishOptions,
  io: CliIo,
  options: VerifyCommandOptions,
  keysFile: string,
  pool: WorkerPool,
): Promise<BundleVerdict | null> => {
  const frame = parseStrictJsonBytes(split.frame);
  if (!frame.ok || !receiptsLastAndEmpty(frame.value)) return null;
  const prepared = prepare(inputs, keysFile, frame.value);
  if (!prepared.ok) return null;
  const { opened, previousCheckpoint } = prepared.value;
  const bar: { progress: Progress | null } = { progress: null };
  // The total shown is the tree size the last checkpoint claims, as on one thread: the pieces' counts come
  // in only as each is parsed.
  const claimed = claimedSize(opened.checkpoints.at(-1));
  if (claimed >= (options.progressThreshold ?? 10_000)) bar.progress = createProgress(io.stderr, claimed);
  let checked: WorkerCheck | null;
  try {
    checked = await checkInWorkers(
      pool,
      split.pieces,
      true,
      { keys: workerKeys(opened.keys), customerId: opened.customerId, wanted: wantedIndexes(opened.checkpoints) },
      (done) => bar.progress?.update(done),
    );
  } finally {
    bar.progress?.end();
  }
  if (checked === null) return null;
  return finishWith(checked.ranges, { ...opened, receipts: checked.receipts }, finish, previousCheckpoint);
};

/** Splits [0, n) into `parts` contiguous ranges of near-equal size. */
const splitRanges = (n: number, parts: number): [number, number][] => {
  const count = Math.max(1, Math.min(parts, n));
  return Array.from({ length: count }, (_, i) => [Math.floor((i * n) / count), Math.floor(((i + 1) * n) / count)]);
};

/** The whole bundle parsed on this thread; the receipts are checked on workers when there are enough. */
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
  const prepared = prepare(inputs, keysFile, parsed.value);
  if (!prepared.ok) return prepared.error;
  const { opened, previousCheckpoint } = prepared.value;
  const { receipts, customerId, keyMap, keys } = opened;
  // The pool was sized by bytes; a bundle of tiny entries gets no more ranges than it has workers.
  const parts = Math.min(
    workers,
    pool === null ? workers : pool.size + 1,
    Math.floor(receipts.length / (options.minPerWorker ?? 2048)),
  );
  const progress =
    receipts.length >= (options.progressThreshold ?? 10_000) ? createProgress(io.stderr, receipts.length) : null;
  let ranges: RangeCheck[];
  try {
    if (parts >= 2) {
      const checked = await checkInWorkers(
        pool ?? startWorkers(parts - 1),
        splitRanges(receipts.length, parts).map(([s, e]) => receipts.slice(s, e)),
        false,
        { keys: workerKeys(keys), customerId, wanted: [] },
        (d) => progress?.update(d),
      );
      if (checked === null) throw new Error('a verify worker refused receipts already parsed');
      ranges = checked.ranges;
    } else ranges = [checkReceiptRange(receipts, 0, keyMap, customerId, (d) => progress?.update(d))];
  } finally {
    progress?.end();
  }
  return finishWith(ranges, opened, finish, previousCheckpoint);
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
