/**
 * `tai backup verify DIR`, offline (no database): the manifest's signature, every file against the
 * manifest, every receipt's signature and every log recomputed against its signed checkpoint, the hash
 * chains, and optionally checkpoints saved elsewhere.
 */
import { compareWithManifest } from '../../domain/backup/compare.ts';
import type { ExternalCheckpoint } from '../../domain/backup/log-book.ts';
import type { Problem } from '../../domain/backup/problem.ts';
import type { PublicReceiptKey } from '../../domain/receipts/keys.ts';
import { openBackup, tableRows, type OpenedBackup } from './open-backup.ts';
import { Scan, type ReceiptChecker } from './scan.ts';

export interface VerifyRequest {
  readonly dir: string;
  readonly trusted?: readonly PublicReceiptKey[];
  /** The receipt checks to run, under the keys the backup is checked with. */
  readonly checkerFor: (keys: readonly PublicReceiptKey[]) => ReceiptChecker;
  /** Checkpoints saved elsewhere, already loaded (loadExternalCheckpoints) with their own problems. */
  readonly external?: (
    keys: readonly PublicReceiptKey[],
  ) => Promise<{ checkpoints: ExternalCheckpoint[]; problems: Problem[] }>;
  readonly onProgress?: (done: number, total: number) => void;
}

interface VerifyOutcome extends OpenedBackup {
  readonly problems: readonly Problem[];
}

export const verifyBackup = async (req: VerifyRequest): Promise<VerifyOutcome> => {
  const opened = await openBackup(req.dir, req.trusted);
  const { manifest, keys } = opened;
  const problems: Problem[] = [];
  const ext = req.external ? await req.external(keys) : { checkpoints: [], problems: [] };
  problems.push(...ext.problems);
  const total = manifest.tables.reduce((n, t) => n + t.rows, 0);
  const onProgress = req.onProgress;
  const scan = new Scan({
    keys,
    checker: req.checkerFor(keys),
    external: ext.checkpoints,
    ...(onProgress ? { onRows: (n: number) => onProgress(n, total) } : {}),
  });
  const damaged = new Set<string>();
  for (const t of manifest.tables) {
    const before = problems.length;
    await scan.table(t.name, t.columns, tableRows(req.dir, t, problems));
    if (problems.length > before) damaged.add(t.name);
  }
  const result = await scan.finish();
  problems.push(...result.problems);
  // A damaged file already says what is wrong with its table; its row count and hash would only repeat it.
  const tables = new Map([...result.tables].filter(([name]) => !damaged.has(name)));
  const compared = compareWithManifest(
    { ...manifest, tables: manifest.tables.filter((t) => !damaged.has(t.name)) },
    { ...result, tables },
    'the backup files',
  );
  problems.push(...compared);
  return { ...opened, problems };
};
