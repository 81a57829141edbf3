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
import { defineCommand, type Args } from '../command.ts';
import { createCheckPool } from './check-pool.ts';
import { EXIT, problemsReport, reportError, rowProgress, trustedKeys, untrustedWarning } from './common.ts';

const NOTES = `<store URL>: sqlite:/path/file.db, a file path, or postgres://user@host:5432/db[?schema=name]; it must be empty
exit: 0 restored and verified, 1 does not verify (nothing committed), 3 target not empty, 4 schema version differs,
      64 usage, 66 unreadable, 69 store unreachable, 70 internal, 78 bad configuration`;

const restore = async (
  args: Args<'to' | 'keys' | 'checkpoints' | 'workers' | 'allow-behind'>,
  io: CliIo,
): Promise<number> => {
  const dir = args.positionals[0] ?? '';
  const to = args.string('to') ?? '';
  const workers = args.integer('workers');
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
    trust = trustedKeys(args.string('keys'), config);
  } catch (e) {
    io.stderr.write(`tai restore: ${e instanceof Error ? e.message : String(e)}\n`);
    return e instanceof TypeError ? EXIT.usage : EXIT.unreadable;
  }
  const checkpointsDir = args.string('checkpoints');
  let pool: ReturnType<typeof createCheckPool> | null = null;
  let progress: ReturnType<typeof rowProgress> | null = null;
  let phase = '';
  try {
    const outcome = await restoreBackup(snapshotStores, {
      dir,
      target,
      allowBehind: args.flag('allow-behind'),
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

export const restoreCommand = defineCommand({
  summary: 'Restore a backup into an empty store of either kind, verified before it commits.',
  args: '<backup dir>',
  positionals: [1, 1],
  options: {
    to: { type: 'string', value: '<store URL>', required: true, help: 'the empty store to restore into' },
    keys: {
      type: 'string',
      value: '<jwks.json>',
      help: 'trust these receipt keys (GET /.well-known/tai-receipt-keys.json)',
    },
    checkpoints: {
      type: 'string',
      value: '<dir>',
      help: 'checkpoints saved elsewhere that the backup must not be behind',
    },
    'allow-behind': {
      type: 'boolean',
      help: 'restore even when saved checkpoints are ahead of the backup (receipts are lost)',
    },
    workers: { type: 'integer', min: 1, max: 1024, help: 'worker threads checking signatures (default: all cores)' },
  },
  notes: NOTES,
  run: restore,
});
