/**
 * `tai backup`: a consistent online snapshot of the store written as one file per table, then a manifest
 * signed with the receipt key. The tables come from the schema, so a table a later migration adds is in
 * the next backup with no change here. The scan that feeds the manifest recomputes every log's root from
 * its stored leaf hashes and walks every hash chain; a store where one of them does not hold gets no
 * signed manifest (its files stay for inspection), because a signed manifest says the backup is sound.
 */
import { join } from 'node:path';
import { createBackupDir, writeManifestFile, writeTableFile } from '../../adapters/backup/files.ts';
import type { ReceiptSigner } from '../../adapters/keys/file-keyring.ts';
import type { SnapshotStores, StoreLocation } from '../../adapters/store/snapshot/interface.ts';
import { signManifest, type Manifest, type TableEntry } from '../../domain/backup/manifest.ts';
import { encodeRow } from '../../domain/backup/rows.ts';
import { orderColumns } from '../../domain/backup/table-order.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { publicPart } from '../../domain/receipts/keys.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import { describeProblems } from './report.ts';
import { Scan, type RowBatch } from './scan.ts';

interface BackupDeps {
  readonly stores: SnapshotStores;
  readonly signer: ReceiptSigner;
  readonly clock: Clock;
}

interface BackupRequest {
  readonly location: StoreLocation;
  /** The store as the manifest names it (no credentials). */
  readonly description: string;
  readonly outDir: string;
  /** Rows written so far, of `total`. */
  readonly onProgress?: (done: number, total: number) => void;
}

export const takeBackup = async (deps: BackupDeps, req: BackupRequest): Promise<Manifest> => {
  await createBackupDir(req.outDir);
  const createdAt = new Date(deps.clock.now()).toISOString();
  const snapshot = await deps.stores.snapshot(req.location, join(req.outDir, '.snapshot.db'));
  try {
    const keys = deps.signer.keyring().map((e) => publicPart(e.key));
    let total = 0;
    for (const t of snapshot.tables) total += await snapshot.count(t);
    const onProgress = req.onProgress;
    const scan = new Scan({ keys, ...(onProgress ? { onRows: (n: number) => onProgress(n, total) } : {}) });
    const tables: TableEntry[] = [];
    for (const t of snapshot.tables) {
      const writer = writeTableFile(req.outDir, t.name);
      async function* batches(): AsyncGenerator<RowBatch> {
        for await (const rows of snapshot.rows(t, t.columns)) {
          let text = '';
          for (const r of rows) text += `${encodeRow(t.name, t.columns, r)}\n`;
          await writer.write(text);
          yield { rows, text };
        }
      }
      const digest = await scan.table(t.name, t.columns, batches());
      const written = await writer.end();
      tables.push({ name: t.name, columns: t.columns, orderBy: orderColumns(t), ...digest, ...written });
    }
    const result = await scan.finish();
    if (result.problems.length > 0) {
      throw new DomainError('TAI-BACKUP-SOURCE-INCONSISTENT', { detail: describeProblems(result.problems) });
    }
    const manifest = signManifest(
      {
        createdAt,
        source: { kind: snapshot.kind, description: req.description },
        schemaVersion: snapshot.schemaVersion,
        tables,
        logs: result.logs,
        chains: result.chains,
      },
      keys,
      deps.signer.active(),
    );
    await writeManifestFile(req.outDir, manifest);
    return manifest;
  } finally {
    await snapshot.close();
  }
};
