/**
 * `tai backup --out DIR [--from URL]` takes an online backup of the configured store (or of URL);
 * `tai backup verify DIR [--keys jwks.json] [--checkpoints DIR] [--workers N]` verifies one offline.
 * Exit codes: see common.ts (EXIT) and docs/runbooks/restore-from-backup.md.
 */
import { openFileKeyring } from '../../../adapters/keys/file-keyring.ts';
import { snapshotStores } from '../../../adapters/store/snapshot/open.ts';
import { describeLocation, parseStoreLocation } from '../../../adapters/store/snapshot/location.ts';
import { loadConfig } from '../../../config/load.ts';
import type { Config } from '../../../config/schema.ts';
import { systemClock } from '../../../domain/shared/clock.ts';
import { loadExternalCheckpoints } from '../../../services/backup/external-checkpoints.ts';
import { takeBackup } from '../../../services/backup/take-backup.ts';
import { verifyBackup } from '../../../services/backup/verify-backup.ts';
import type { CliIo } from '../io.ts';
import { defineCommand, type Args } from '../command.ts';
import { createCheckPool } from './check-pool.ts';
import {
  EXIT,
  problemsReport,
  receiptKeyPath,
  reportError,
  rowProgress,
  trustedKeys,
  untrustedWarning,
} from './common.ts';

const EXITS =
  'exit: 0 ok, 1 does not verify, 3 output directory not empty, 64 usage, 66 unreadable, 69 store unreachable, 70 internal, 78 bad configuration';

const configOrNull = (): Config | null => {
  try {
    return loadConfig();
  } catch {
    return null;
  }
};

const take = async (args: Args<'out' | 'from'>, io: CliIo): Promise<number> => {
  const out = args.string('out') ?? '';
  try {
    const config = loadConfig();
    const location = parseStoreLocation(args.string('from') ?? config.dbUrl, config.dataDir);
    const signer = openFileKeyring(receiptKeyPath(config), { create: false, nowMs: systemClock.now() });
    let progress: ReturnType<typeof rowProgress> | null = null;
    const manifest = await takeBackup(
      { stores: snapshotStores, signer, clock: systemClock },
      {
        location,
        description: describeLocation(location),
        outDir: out,
        onProgress: (done, total) => {
          progress ??= rowProgress(io, total, 'backed up');
          progress.update(done);
        },
      },
    );
    (progress as ReturnType<typeof rowProgress> | null)?.end();
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    const receipts = manifest.logs.reduce((n, l) => n + l.treeSize, 0);
    io.stdout.write(
      `backup written to ${out}: ${manifest.tables.length} tables, ${rows} rows, ${manifest.logs.length} logs (${receipts} receipts), audit chain at seq ${manifest.chains['audit']?.seq ?? 0}; manifest signed by ${manifest.keyId}\n`,
    );
    return EXIT.ok;
  } catch (e) {
    return reportError('tai backup', e, io);
  }
};

const verify = async (args: Args<'keys' | 'checkpoints' | 'workers'>, io: CliIo): Promise<number> => {
  const dir = args.positionals[0] ?? '';
  const workers = args.integer('workers');
  let trust: ReturnType<typeof trustedKeys>;
  try {
    trust = trustedKeys(args.string('keys'), configOrNull());
  } catch (e) {
    io.stderr.write(`tai backup verify: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.unreadable;
  }
  const checkpointsDir = args.string('checkpoints');
  let pool: ReturnType<typeof createCheckPool> | null = null;
  let progress: ReturnType<typeof rowProgress> | null = null;
  try {
    const outcome = await verifyBackup({
      dir,
      ...(trust.keys === undefined ? {} : { trusted: trust.keys }),
      checkerFor: (keys) => {
        pool = createCheckPool(keys, workers);
        return pool.check;
      },
      ...(checkpointsDir === undefined ? {} : { external: (keys) => loadExternalCheckpoints(checkpointsDir, keys) }),
      onProgress: (done, total) => {
        progress ??= rowProgress(io, total, 'verified');
        progress.update(done);
      },
    });
    (progress as ReturnType<typeof rowProgress> | null)?.end();
    if (!outcome.keysTrusted) io.stderr.write(untrustedWarning);
    const { manifest, problems } = outcome;
    if (problems.length > 0) {
      io.stderr.write(
        `tai backup verify: FAILED: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${dir}:\n${problemsReport(problems)}\nDo not restore from it: use another backup (docs/runbooks/restore-from-backup.md).\n`,
      );
      return EXIT.failed;
    }
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    const receipts = manifest.logs.reduce((n, l) => n + l.treeSize, 0);
    io.stdout.write(
      `OK: backup of ${manifest.source.description} taken ${manifest.createdAt}: ${manifest.tables.length} tables, ${rows} rows; ${manifest.logs.length} logs (${receipts} receipts) each recomputed against its signed checkpoint; audit chain to seq ${manifest.chains['audit']?.seq ?? 0}; manifest signed by ${manifest.keyId}${outcome.keysTrusted ? `, trusted through ${trust.from}` : ''}\n`,
    );
    return EXIT.ok;
  } catch (e) {
    (progress as ReturnType<typeof rowProgress> | null)?.end();
    return reportError('tai backup verify', e, io);
  } finally {
    await (pool as ReturnType<typeof createCheckPool> | null)?.close();
  }
};

const WORKERS = {
  type: 'integer',
  min: 1,
  max: 1024,
  help: 'worker threads checking signatures (default: all cores)',
} as const;

export const backupCommand = defineCommand({
  summary: 'Take an online backup of the configured store (or of --from) into an empty directory.',
  options: {
    out: { type: 'string', value: '<dir>', required: true, help: 'where to write the backup (must be empty)' },
    from: { type: 'string', value: '<store URL>', help: 'back up this store instead of TAI_DB_URL' },
  },
  notes: EXITS,
  run: take,
  subcommands: {
    verify: defineCommand({
      summary: 'Verify a backup offline: every table hash, every log against its signed checkpoint, the audit chain.',
      args: '<dir>',
      positionals: [1, 1],
      options: {
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
        workers: WORKERS,
      },
      notes: EXITS,
      run: verify,
    }),
  },
});
