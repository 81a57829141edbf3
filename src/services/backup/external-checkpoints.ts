/**
 * Checkpoints the operator saved outside the store (`--checkpoints DIR`): a witness's copies, or answers of
 * GET /v1/ledger/checkpoint. Each file holds a signed note, JSON with a `checkpoint` member, or a JSON
 * array of either. Each must verify under the receipt keys; its log is the last segment of its origin.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ExternalCheckpoint } from '../../domain/backup/log-book.ts';
import { problem, type Problem } from '../../domain/backup/problem.ts';
import { verifyCheckpoint } from '../../domain/receipts/checkpoint.ts';
import type { PublicReceiptKey } from '../../domain/receipts/keys.ts';

const notesIn = (text: string): unknown[] => {
  if (!/^\s*[[{]/.test(text)) return [text];
  const v = JSON.parse(text) as unknown;
  return (Array.isArray(v) ? (v as unknown[]) : [v]).map((x): unknown =>
    typeof x === 'object' && x !== null ? (x as Record<string, unknown>)['checkpoint'] : x,
  );
};

const filesUnder = async (dir: string): Promise<string[]> => {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(path)));
    else if (e.isFile()) out.push(path);
  }
  return out.sort();
};

export const loadExternalCheckpoints = async (
  dir: string,
  keys: readonly PublicReceiptKey[],
): Promise<{ checkpoints: ExternalCheckpoint[]; problems: Problem[] }> => {
  const checkpoints: ExternalCheckpoint[] = [];
  const problems: Problem[] = [];
  for (const path of await filesUnder(dir)) {
    const name = relative(dir, path);
    let notes: unknown[];
    try {
      notes = notesIn(await readFile(path, 'utf8'));
    } catch {
      problems.push(problem(`checkpoint ${name}`, 'not a signed note nor JSON holding one'));
      continue;
    }
    notes.forEach((note, i) => {
      const source = notes.length > 1 ? `${name}[${i}]` : name;
      const cp = typeof note === 'string' ? verifyCheckpoint(note, keys) : null;
      if (cp === null || !cp.ok) {
        problems.push(
          problem(`checkpoint ${source}`, cp === null ? 'holds no checkpoint' : `does not verify: ${cp.error}`),
        );
        return;
      }
      const customerId = cp.value.origin.slice(cp.value.origin.lastIndexOf('/') + 1);
      checkpoints.push({
        customerId,
        treeSize: cp.value.treeSize,
        rootHash: cp.value.rootHash,
        source: `checkpoint ${source}`,
      });
    });
  }
  return { checkpoints, problems };
};
