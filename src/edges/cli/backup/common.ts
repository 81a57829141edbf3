/**
 * What the backup commands share: the exit codes, mapping errors to them with a message that says what to
 * do, the keys a backup is checked under, progress on stderr, and the report of problems.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFileKeyring } from '../../../adapters/keys/file-keyring.ts';
import { ConfigError, type Config } from '../../../config/schema.ts';
import type { Problem } from '../../../domain/backup/problem.ts';
import { isDomainError } from '../../../domain/errors/domain-error.ts';
import { publicKeysFromJwks } from '../../../domain/receipts/keyring.ts';
import { publicPart, type PublicReceiptKey } from '../../../domain/receipts/keys.ts';
import { parseStrictJson } from '../../../domain/receipts/strict-json.ts';
import { describeProblems } from '../../../services/backup/report.ts';
import type { CliIo } from '../io.ts';
import { EXIT } from '../exit-codes.ts';
import { createProgress } from '../verify/progress.ts';

export { EXIT };

const CODE_EXIT: Readonly<Record<string, number>> = {
  'TAI-BACKUP-INVALID': EXIT.failed,
  'TAI-BACKUP-RESTORE-UNVERIFIED': EXIT.failed,
  'TAI-BACKUP-SOURCE-INCONSISTENT': EXIT.failed,
  'TAI-BACKUP-TARGET-NOT-EMPTY': EXIT.refused,
  'TAI-BACKUP-OUT-NOT-EMPTY': EXIT.refused,
  'TAI-BACKUP-SCHEMA-MISMATCH': EXIT.schema,
  'TAI-BACKUP-UNREADABLE': EXIT.unreadable,
};

const STORE_DOWN = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', '3D000', '28P01', '28000']);

/** Prints an error as `command: CODE: message` plus its detail, and returns the exit code for it. */
export const reportError = (command: string, e: unknown, io: CliIo): number => {
  if (isDomainError(e)) {
    io.stderr.write(`${command}: ${e.code}: ${e.message}\n${e.detail === undefined ? '' : `${indent(e.detail)}\n`}`);
    return CODE_EXIT[e.code] ?? EXIT.failed;
  }
  if (e instanceof ConfigError) {
    io.stderr.write(`${command}: ${e.message}\n`);
    return EXIT.config;
  }
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && STORE_DOWN.has(code)) {
    io.stderr.write(`${command}: cannot reach the store (${code}): ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.unavailable;
  }
  io.stderr.write(`${command}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  return EXIT.internal;
};

const indent = (text: string): string =>
  text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

export const problemsReport = (problems: readonly Problem[]): string => indent(describeProblems(problems));

export const receiptKeyPath = (config: Config): string =>
  config.receiptKeyPath ?? join(config.dataDir, 'receipt-keys.json');

/** A JWKS file's public keys; its errors name the file and the member at fault. */
const keysFromFile = (file: string): PublicReceiptKey[] => {
  const parsed = parseStrictJson(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`the --keys file ${file} is not a JWKS: ${parsed.error}`);
  try {
    return publicKeysFromJwks(parsed.value, true);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    throw new Error(`the --keys file ${file}${e.path === undefined ? '' : ` at ${e.path}`}: ${e.detail ?? e.message}`);
  }
};

/**
 * The keys to trust: `--keys FILE` (a JWKS, as GET /.well-known/tai-receipt-keys.json serves it), else the
 * configured receipt keyring when there is one, else none (the backup's own keys are then believed).
 */
export const trustedKeys = (
  keysFile: string | undefined,
  config: Config | null,
): { keys: PublicReceiptKey[] | undefined; from: string } => {
  if (keysFile !== undefined) return { keys: keysFromFile(keysFile), from: keysFile };
  const path = config === null ? null : receiptKeyPath(config);
  if (path !== null && existsSync(path)) {
    const ring = openFileKeyring(path, { create: false, nowMs: 0 }).keyring();
    return { keys: ring.map((e) => publicPart(e.key)), from: `the receipt keyring ${path}` };
  }
  return { keys: undefined, from: '' };
};

export const untrustedWarning =
  'warning: no trusted keys (give --keys <jwks.json> from GET /.well-known/tai-receipt-keys.json, or configure the receipt keyring): the backup was checked under its own keys, which proves it is intact but not who made it\n';

const PROGRESS_FROM_ROWS = 10_000;

/** A progress display on stderr for `total` rows (none for small work), with the phase in its words. */
export const rowProgress = (io: CliIo, total: number, verb: string): ReturnType<typeof createProgress> =>
  total < PROGRESS_FROM_ROWS
    ? { update: () => undefined, end: () => undefined }
    : createProgress(io.stderr, total, undefined, { unit: 'rows', line: (done, all) => `${verb} ${done}/${all} rows` });
