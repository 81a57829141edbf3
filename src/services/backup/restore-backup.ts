/**
 * `tai restore DIR --to URL`: loads a verified backup into an empty store of either kind, in one
 * transaction, then reads everything back from the store inside that transaction and verifies it as
 * `tai backup verify` does (every receipt's signature, every log against its signed checkpoint and against
 * checkpoints saved elsewhere, the hash chains, every table's row count and content hash against the
 * manifest). Only then does it commit; anything that does not hold rolls the whole restore back, so the
 * target is either the backup, verified, or still empty. Rows are only ever inserted, so the append-only
 * triggers stay in force throughout.
 */
import type { SnapshotStores, StoreLocation, RestoreSession } from '../../adapters/store/snapshot/interface.ts';
import { compareWithManifest } from '../../domain/backup/compare.ts';
import type { Manifest } from '../../domain/backup/manifest.ts';
import type { Problem } from '../../domain/backup/problem.ts';
import { encodeRow, type Row } from '../../domain/backup/rows.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { openBackup, tableRows, type OpenedBackup } from './open-backup.ts';
import { describeProblems } from './report.ts';
import { Scan, type RowBatch } from './scan.ts';
import type { VerifyRequest } from './verify-backup.ts';

interface RestoreRequest extends Omit<VerifyRequest, 'onProgress'> {
  readonly target: StoreLocation;
  /** Restore even when a checkpoint saved elsewhere is ahead of the backup (receipts after it are lost). */
  readonly allowBehind?: boolean;
  readonly onProgress?: (phase: 'load' | 'verify', done: number, total: number) => void;
}

interface RestoreOutcome extends OpenedBackup {
  /** Problems accepted: checkpoints saved elsewhere that are ahead of the backup (with allowBehind). */
  readonly behind: readonly Problem[];
  readonly rows: number;
}

const sameColumns = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');

const checkSchema = (manifest: Manifest, session: RestoreSession): void => {
  if (manifest.schemaVersion !== session.schemaVersion) {
    throw new DomainError('TAI-BACKUP-SCHEMA-MISMATCH', {
      detail: `the backup is at schema version ${manifest.schemaVersion}, this build creates version ${session.schemaVersion}`,
    });
  }
  const target = new Map(session.tables.map((t) => [t.name, t]));
  const wrong = manifest.tables.filter((t) => !sameColumns(t.columns, target.get(t.name)?.columns ?? []));
  const extra = session.tables.filter((t) => !manifest.tables.some((m) => m.name === t.name));
  if (wrong.length + extra.length > 0) {
    throw new DomainError('TAI-BACKUP-SCHEMA-MISMATCH', {
      detail: `tables that differ between the backup and this schema: ${[...wrong, ...extra].map((t) => t.name).join(', ')}`,
    });
  }
};

const unverified = (problems: readonly Problem[]): DomainError =>
  new DomainError('TAI-BACKUP-RESTORE-UNVERIFIED', { detail: describeProblems(problems) });

export const restoreBackup = async (stores: SnapshotStores, req: RestoreRequest): Promise<RestoreOutcome> => {
  const opened = await openBackup(req.dir, req.trusted);
  const { manifest, keys } = opened;
  const ext = req.external ? await req.external(keys) : { checkpoints: [], problems: [] };
  if (ext.problems.length > 0) throw unverified(ext.problems);
  const total = manifest.tables.reduce((n, t) => n + t.rows, 0);
  const session = await stores.restoreTarget(req.target);
  try {
    checkSchema(manifest, session);
    const entries = new Map(manifest.tables.map((t) => [t.name, t]));
    const fileProblems: Problem[] = [];
    let loaded = 0;
    for (const t of session.tables) {
      const entry = entries.get(t.name);
      if (entry === undefined) continue;
      for await (const batch of tableRows(req.dir, entry, fileProblems)) {
        await session.insert(t, entry.columns, batch.rows);
        loaded += batch.rows.length;
        req.onProgress?.('load', loaded, total);
      }
      if (fileProblems.length > 0)
        throw new DomainError('TAI-BACKUP-INVALID', { detail: describeProblems(fileProblems) });
    }
    await session.settle();

    const onProgress = req.onProgress;
    const scan = new Scan({
      keys,
      checker: req.checkerFor(keys),
      external: ext.checkpoints,
      ...(onProgress ? { onRows: (n: number) => onProgress('verify', n, total) } : {}),
    });
    for (const t of session.tables) {
      const columns = entries.get(t.name)?.columns ?? t.columns;
      async function* batches(): AsyncGenerator<RowBatch> {
        for await (const rows of session.rows(t, columns)) {
          let text = '';
          for (const r of rows as Row[]) text += `${encodeRow(t.name, columns, r)}\n`;
          yield { rows, text };
        }
      }
      await scan.table(t.name, columns, batches());
    }
    const result = await scan.finish();
    const problems = [...result.problems, ...compareWithManifest(manifest, result, 'the restored store')];
    const behind = problems.filter((p) => p.kind === 'behind');
    const blocking = req.allowBehind === true ? problems.filter((p) => p.kind !== 'behind') : problems;
    if (blocking.length > 0) throw unverified(blocking);
    await session.commit();
    return { ...opened, behind, rows: loaded };
  } finally {
    await session.close();
  }
};
