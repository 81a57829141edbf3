/**
 * Opening a backup: its manifest read and verified, and each table file read as row batches while its
 * bytes and lines are checked against the manifest. Problems are collected, not thrown, so a verification
 * reports all that is wrong at once.
 */
import { fileExists, readManifestFile, readTableFile } from '../../adapters/backup/files.ts';
import { verifyManifest, type Manifest, type TableEntry } from '../../domain/backup/manifest.ts';
import { problem, type Problem } from '../../domain/backup/problem.ts';
import { decodeRow, type Row } from '../../domain/backup/rows.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { PublicReceiptKey } from '../../domain/receipts/keys.ts';
import type { RowBatch } from './scan.ts';

export interface OpenedBackup {
  readonly manifest: Manifest;
  /** The keys checks run under: the trusted ones when given, else the manifest's own. */
  readonly keys: readonly PublicReceiptKey[];
  readonly keysTrusted: boolean;
}

/** Reads and verifies the manifest; throws TAI-BACKUP-UNREADABLE or TAI-BACKUP-INVALID. */
export const openBackup = async (dir: string, trusted?: readonly PublicReceiptKey[]): Promise<OpenedBackup> => {
  const verified = verifyManifest(await readManifestFile(dir), trusted);
  if (!verified.ok) throw new DomainError('TAI-BACKUP-INVALID', { detail: `manifest: ${verified.error}` });
  return {
    manifest: verified.value.manifest,
    keys: trusted ?? verified.value.keys,
    keysTrusted: trusted !== undefined,
  };
};

/**
 * The rows of one table file. A missing or unreadable file, a line that is not a row, or bytes that are not
 * the ones the manifest hashed add to `problems`; the rows read before that are still yielded.
 */
export async function* tableRows(dir: string, t: TableEntry, problems: Problem[]): AsyncGenerator<RowBatch> {
  const where = t.file;
  if (!fileExists(dir, t.file)) {
    problems.push(problem(where, `missing: the backup has lost table ${t.name}`));
    return;
  }
  const reader = readTableFile(dir, t.file);
  let line = 0;
  try {
    for await (const batch of reader.batches) {
      const rows: Row[] = [];
      for (const text of batch.lines) {
        line++;
        const row = decodeRow(text, t.columns.length);
        if (typeof row === 'string') {
          problems.push(problem(where, `line ${line}: ${row}`));
          return;
        }
        rows.push(row);
      }
      yield { rows, text: batch.text };
    }
  } catch (e) {
    problems.push(
      problem(
        where,
        `unreadable after ${line} rows (${e instanceof Error ? e.message : String(e)}): truncated or damaged`,
      ),
    );
    return;
  }
  const got = reader.digest();
  if (got.fileBytes !== t.fileBytes || got.fileSha256 !== t.fileSha256)
    problems.push(
      problem(
        where,
        `its bytes are not the ones the manifest hashed (${got.fileBytes} bytes, the manifest says ${t.fileBytes})`,
      ),
    );
}
