/**
 * `tai restore <dir> --to <store URL> [--keys jwks.json] [--checkpoints DIR] [--allow-behind] [--workers N]`:
 * loads a backup into an empty store of either kind and verifies it before committing (restore-backup.ts).
 * Exit codes: see common.ts (EXIT) and docs/runbooks/restore-from-backup.md.
 */
import { snapshotStores } from '../../../adapters/store/snapshot/open.ts';
import { describeLocation, parseStoreLocation } from '../../../adapters/store/snapshot/location.ts';
import { loadConfig } from '../../../config/load.ts';
import type { Config } from '../../../config/schema.ts';
import { loadExternalCheckpoints } from '../../../services/backup/external-checkpoints.ts';
import { restoreBackup } from '../../../services/backup/restore-backup.ts';
import type { CliIo } from '../io.ts';
import { parseArgs, workersOf } from './args.ts';
import { createCheckPool } from './check-pool.ts';
import { EXIT, problemsReport, reportError, rowProgress, trustedKeys, untrustedWarning } from './common.ts';

const USAGE = `usage: tai restore <backup dir> --to <store URL> [--keys <jwks.json>] [--checkpoints <dir>] [--allow-behind] [--workers <n>]
  <store URL>: sqlite:/path/file.db, a file path, or postgres://user@host:5432/db[?schema=name]; it must be empty
exit: 0 restored and verified, 1 does not verify (nothing committed), 3 target not empty, 4 schema version differs,
      64 usage, 66 unreadable, 69 store unreachable, 70 internal, 78 bad configuration
`;

export const runRestore = async (argv: readonly string[], io: CliIo): Promise<number> => {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const args = parseArgs(argv, ['--to', '--keys', '--checkpoints', '--workers'], ['--allow-behind']);
  const workers = typeof args === 'string' ? undefined : workersOf(args);
  const dir = typeof args === 'string' ? undefined : args.positional[0];
  const to = typeof args === 'string' ? undefined : args.values.get('--to');
  if (
    typeof args === 'string' ||
    typeof workers === 'string' ||
    dir === undefined ||
    to === undefined ||
    args.positional.length !== 1
  ) {
    const why =
      typeof args === 'string'
        ? args
        : typeof workers === 'string'
          ? workers
          : 'give one backup directory and --to <store URL>';
    io.stderr.write(`tai restore: ${why}\n${USAGE}`);
    return EXIT.usage;
  }
  let config: Config | null = null;
  try {
    config = loadConfig();
  } catch {
    // Restoring needs no service configuration; it only lends the receipt keyring when there is one.
  }
  let trust: ReturnType<typeof trustedKeys>;
  let target: ReturnType<typeof parseStoreLocation>;
  try {
    target = parseStoreLocation(to, '.');
    trust = trustedKeys(args.values.get('--keys'), config);
  } catch (e) {
    io.stderr.write(`tai restore: ${e instanceof Error ? e.message : String(e)}\n`);
    return e instanceof TypeError ? EXIT.usage : EXIT.unreadable;
  }
  const checkpointsDir = args.values.get('--checkpoints');
  let pool: ReturnType<typeof createCheckPool> | null = null;
  let progress: ReturnType<typeof rowProgress> | null = null;
  let phase = '';
  try {
    const outcome = await restoreBackup(snapshotStores, {
      dir,
      target,
      allowBehind: args.switches.has('--allow-behind'),
      ...(trust.keys === undefined ? {} : { trusted: trust.keys }),
      checkerFor: (keys) => {
        pool = createCheckPool(keys, workers);
        return pool.check;
      },
      ...(checkpointsDir === undefined ? {} : { external: (keys) => loadExternalCheckpoints(checkpointsDir, keys) }),
      onProgress: (p, done, total) => {
        if (p !== phase) {
          progress?.end();
          phase = p;
          progress = rowProgress(io, total, p === 'load' ? 'loaded' : 'verified');
        }
        progress?.update(done);
      },
    });
    (progress as ReturnType<typeof rowProgress> | null)?.end();
    if (!outcome.keysTrusted) io.stderr.write(untrustedWarning);
    if (outcome.behind.length > 0) {
      io.stderr.write(
        `warning: restored with --allow-behind; checkpoints saved elsewhere are ahead of this backup:\n${problemsReport(outcome.behind)}\nThose receipts are lost, and the next ones issued will contradict those checkpoints (docs/runbooks/restore-from-backup.md).\n`,
      );
    }
    const { manifest } = outcome;
    const receipts = manifest.logs.reduce((n, l) => n + l.treeSize, 0);
    io.stdout.write(
      `restored ${dir} into ${describeLocation(target)} and verified it: ${outcome.rows} rows in ${manifest.tables.length} tables, ${manifest.logs.length} logs (${receipts} receipts) against their signed checkpoints, audit chain to seq ${manifest.chains['audit']?.seq ?? 0}, every row count and hash as in the manifest\n`,
    );
    return EXIT.ok;
  } catch (e) {
    (progress as ReturnType<typeof rowProgress> | null)?.end();
    return reportError('tai restore', e, io);
  } finally {
    await (pool as ReturnType<typeof createCheckPool> | null)?.close();
  }
};
