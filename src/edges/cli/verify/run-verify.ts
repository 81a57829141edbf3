/**
 * `tai verify <bundle.json> [options]` (args.ts): offline verification of an exported receipt bundle.
 * Inputs are read as strict JSON (no byte-order mark, no member twice, no lone surrogate). This thread
 * parses and checks every receipt, and the signatures are verified on all cores (this thread and worker
 * threads: offload.ts); then the signed checkpoints and roots, the witnesses' cosignatures and key
 * lifecycles, and consistency with an older checkpoint. Exit 0 when everything holds, 1 naming the first
 * bad entry, 64 usage, 66 unreadable input, 70 internal error.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { verifyChunked } from '../../../domain/receipts/bundle-chunks.ts';
import { checkReceiptRange, mergeRanges } from '../../../domain/receipts/bundle-range.ts';
import type { RangeCheck, RangeKey } from '../../../domain/receipts/bundle-range.ts';
import { finishBundle } from '../../../domain/receipts/bundle-finish.ts';
import type { FinishOptions } from '../../../domain/receipts/bundle-finish.ts';
import { failure } from '../../../domain/receipts/bundle-verdict.ts';
import type { BundleVerdict, OpenedBundle } from '../../../domain/receipts/bundle-verdict.ts';
import { openBundle } from '../../../domain/receipts/bundle.ts';
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
import { startOffload } from './offload.ts';
import type { Offload } from './offload.ts';
import { createProgress } from './progress.ts';

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
    verdict = verify(
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

/** A receipt is at least this many bytes of a bundle: the size that makes a worker worth starting. */
const RECEIPT_BYTES = 400;

const verify = (
  inputs: Inputs,
  finish: FinishOptions,
  workers: number,
  io: CliIo,
  options: VerifyCommandOptions,
  keysFile: string,
): BundleVerdict => {
  // Large enough for two threads: start the workers now, so that their start-up runs while this
  // thread parses the bundle.
  const minPerWorker = options.minPerWorker ?? 2048;
  const threads = Math.min(workers, Math.floor(inputs.raw.length / (minPerWorker * RECEIPT_BYTES)));
  const offload = threads >= 2 ? startOffload(threads - 1) : null;
  try {
    const here = verifyHere(inputs, finish, io, options, keysFile, offload);
    if (here.verdict !== null && here.settled) return here.verdict;
    // Not verified in chunks (another layout, or a problem to name): the whole text, parsed here. Its
    // signatures still go to the workers, unless one of them already failed to verify.
    return verifyParsed(inputs, finish, io, options, keysFile, here.settled ? offload : null);
  } finally {
    offload?.close();
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

interface Bar {
  readonly update: (done: number) => void;
  /** Ends the bar, showing `done` first when given (the count once every signature is in). */
  readonly end: (done: number | null) => void;
}

/** Progress on `io.stderr` from the threshold on: the count is of signatures verified, over every thread. */
const progressFor = (io: CliIo, options: VerifyCommandOptions, total: number, offload: Offload | null): Bar => {
  if (total < (options.progressThreshold ?? 10_000)) return { update: () => undefined, end: () => undefined };
  const progress = createProgress(io.stderr, total);
  return {
    update: (done) => progress.update(offload === null ? done : offload.verified()),
    end: (done) => {
      if (done !== null) progress.update(done);
      progress.end();
    },
  };
};

/**
 * The bundle parsed and checked in chunks on this thread (bundle-chunks.ts), its signatures verified on
 * the offload's workers too. `verdict` is null when it does not verify in chunks, and verifyParsed then
 * checks it again and names the problem (its progress starts over); `settled` is false when a signature
 * handed to the workers did not verify (the verdict, if any, then does not stand).
 */
const verifyHere = (
  inputs: Inputs,
  finish: FinishOptions,
  io: CliIo,
  options: VerifyCommandOptions,
  keysFile: string,
  offload: Offload | null,
): { readonly verdict: BundleVerdict | null; readonly settled: boolean } => {
  const files = optionFiles(inputs, keysFile);
  if (!files.ok) return { verdict: null, settled: true };
  const { trusted, previousCheckpoint } = files.value;
  // Set once the frame is open (verifyChunked's progress callback), so held where the callback can set it.
  const shown: { bar: Bar | null } = { bar: null };
  let verdict: BundleVerdict | null = null;
  let settled = false;
  try {
    verdict = verifyChunked(inputs.raw, {
      ...finish,
      ...(trusted === undefined ? {} : { trustedKeys: trusted }),
      ...(previousCheckpoint === undefined ? {} : { previousCheckpoint }),
      ...(offload === null ? {} : { verifySignature: offload.check }),
      progress: (claimed) => {
        shown.bar = progressFor(io, options, claimed, offload);
        return shown.bar.update;
      },
    });
    settled = offload === null || offload.drain();
  } finally {
    shown.bar?.end(settled && verdict?.ok === true ? verdict.treeSize : null);
  }
  return { verdict, settled };
};

const finishWith = (ranges: readonly RangeCheck[], opened: OpenedBundle, finish: FinishOptions, previous?: string) => {
  const merged = mergeRanges(ranges);
  if (merged.failure !== null) return { ok: false, entry: 'receipt', ...merged.failure } satisfies BundleVerdict;
  return finishBundle(opened, merged, {
    ...finish,
    ...(previous === undefined ? {} : { previousCheckpoint: previous }),
  });
};

/**
 * The whole bundle parsed on this thread and checked in one range, its signatures verified on the offload's
 * workers too when given; checked again with every verify made here when one of those did not verify.
 */
const verifyParsed = (
  inputs: Inputs,
  finish: FinishOptions,
  io: CliIo,
  options: VerifyCommandOptions,
  keysFile: string,
  offload: Offload | null,
): BundleVerdict => {
  const parsed = parseStrictJsonBytes(inputs.raw);
  if (!parsed.ok) return notStrict(inputs.raw, parsed.error);
  const prepared = prepare(inputs, keysFile, parsed.value);
  if (!prepared.ok) return prepared.error;
  const { opened, previousCheckpoint } = prepared.value;
  const { receipts, customerId, keyMap } = opened;
  const run = (via: Offload | null): RangeCheck | null => {
    const bar = progressFor(io, options, receipts.length, via);
    let range: RangeCheck | null = null;
    try {
      range = checkReceiptRange(receipts, 0, keyMap, customerId, bar.update, via?.check);
      if (via !== null && !via.drain()) range = null;
    } finally {
      bar.end(range === null || range.failure !== null ? null : receipts.length);
    }
    return range;
  };
  // Null only when a signature handed to the workers did not verify: then every verify is made here.
  const range = run(offload) ?? run(null);
  if (range === null) throw new Error('a receipt range checked on this thread alone was not settled');
  return finishWith([range], opened, finish, previousCheckpoint);
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
