/**
 * What a command prints when it cannot start or run: one line naming the problem and the setting that
 * changes it, and the exit code for it (exit-codes.ts). No stack trace, unless TAI_LOG_LEVEL is debug or
 * trace and the error is not one of the expected kinds.
 */
import { KeyFileError } from '../../adapters/keys/key-file-error.ts';
import { StoreOpenError } from '../../adapters/store/open.ts';
import { ConfigError } from '../../config/schema.ts';
import { isDomainError } from '../../domain/errors/domain-error.ts';
import { EXIT } from './exit-codes.ts';
import type { CliIo } from './io.ts';

interface Failure {
  readonly line: string;
  readonly exit: number;
}

const KEY_SETTING = { 'receipt keyring': 'TAI_RECEIPT_KEY_PATH', 'audit secret': 'TAI_AUDIT_SECRET_PATH' } as const;

const STORE_DOWN = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const PG_AUTH = new Set(['28P01', '28000']);

const storeFailure = (e: StoreOpenError): Failure => {
  const setting = e.where.startsWith('sqlite:') ? 'TAI_DB_URL or TAI_DATA_DIR' : 'TAI_DB_URL';
  const why =
    e.code !== undefined && STORE_DOWN.has(e.code)
      ? `cannot reach the database ${e.where} (${e.code})`
      : e.code !== undefined && PG_AUTH.has(e.code)
        ? `the database ${e.where} refused the credentials (${e.code})`
        : e.code === '3D000'
          ? `the database ${e.where} does not exist (3D000)`
          : e.message;
  return { line: `${why}: check ${setting}`, exit: EXIT.unavailable };
};

/** A listen error (EADDRINUSE, EACCES) on a port chosen by `setting`; null for any other error. */
export const listenFailure = (e: unknown, what: string, setting: string): Failure | null => {
  const { code, syscall, address, port } = e as {
    code?: unknown;
    syscall?: unknown;
    address?: unknown;
    port?: unknown;
  };
  if (syscall !== 'listen') return null;
  const where = `${String(address)}:${String(port)}`;
  if (code === 'EADDRINUSE')
    return { line: `${what} cannot listen on ${where}: the port is in use: set ${setting}`, exit: EXIT.portInUse };
  if (code === 'EACCES')
    return { line: `${what} may not listen on ${where} (EACCES): set ${setting}`, exit: EXIT.noPermission };
  if (code === 'EADDRNOTAVAIL')
    return { line: `${what} cannot listen on ${where}: no such address here: set ${setting}`, exit: EXIT.config };
  return null;
};

const FS_WRITE = new Set(['EACCES', 'EPERM', 'EROFS', 'EEXIST', 'ENOTDIR', 'ENOSPC', 'EISDIR']);

/** A file or directory the command had to create or write (the data dir, most often); null for any other error. */
const writeFailure = (e: unknown): Failure | null => {
  const { code, path, syscall } = e as { code?: unknown; path?: unknown; syscall?: unknown };
  if (typeof code !== 'string' || !FS_WRITE.has(code) || typeof path !== 'string') return null;
  if (!['mkdir', 'open', 'write', 'rename', 'copyfile'].includes(String(syscall))) return null;
  return {
    line: `cannot create ${path} (${code}): check TAI_DATA_DIR (and TAI_DB_URL or the TAI_*_PATH and TAI_*_DIR settings naming it)`,
    exit: EXIT.cantCreate,
  };
};

const describeFailure = (e: unknown): Failure => {
  if (e instanceof ConfigError) return { line: e.message, exit: EXIT.config };
  if (e instanceof KeyFileError) {
    const hint = e.problem === 'missing' ? ' (tai keys init creates the production key files)' : '';
    return { line: `the ${e.message}: check ${KEY_SETTING[e.kind]}${hint}`, exit: EXIT.unreadable };
  }
  if (e instanceof StoreOpenError) return storeFailure(e);
  const listen = listenFailure(e, 'the service', 'PORT or HOST');
  if (listen !== null) return listen;
  const write = writeFailure(e);
  if (write !== null) return write;
  if (isDomainError(e) && e.code === 'TAI-INSTANCE-SQLITE-IN-USE')
    return { line: `${e.code}: ${e.message} (${e.detail ?? ''})`, exit: EXIT.portInUse };
  if (isDomainError(e))
    return { line: `${e.code}: ${e.message}${e.detail === undefined ? '' : ` (${e.detail})`}`, exit: EXIT.internal };
  return { line: `internal error: ${e instanceof Error ? e.message : String(e)}`, exit: EXIT.internal };
};

/** Prints `command: <line>` and returns the exit code. */
export const reportFailure = (command: string, e: unknown, io: CliIo, failure = describeFailure(e)): number => {
  io.stderr.write(`${command}: ${failure.line}\n`);
  const level = process.env['TAI_LOG_LEVEL'];
  if (failure.exit === EXIT.internal && (level === 'debug' || level === 'trace') && e instanceof Error && e.stack)
    io.stderr.write(`${e.stack}\n`);
  return failure.exit;
};
