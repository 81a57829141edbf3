/**
 * The checkpoint as the service hands it out: the stored note, re-signed under the active key when the
 * key that signed it has since been rotated out (same origin, size and root, so no fork: only the log
 * signature line differs), with the witnesses' cosignature lines appended. A witness judges a checkpoint
 * by its own clock and refuses one signed only by a retired key, and so does `tai verify`.
 */
import type { CheckpointRow, CustomerScope } from '../../adapters/store/interface.ts';
import type { CosignatureRow } from '../../adapters/store/ports/cosignatures.ts';
import { parseCheckpointText, signCheckpoint } from '../../domain/receipts/checkpoint.ts';
import { noteKeyId, parseNote } from '../../domain/receipts/note.ts';
import { equalBytes } from '../../domain/receipts/merkle-verify.ts';
import type { LedgerDeps } from './append-receipt.ts';

/** The note of `cp`, signed by the active key. */
export const liveNote = (cp: CheckpointRow, deps: LedgerDeps): string => {
  const parsed = parseNote(cp.note);
  if (!parsed.ok) throw new Error(`stored checkpoint ${cp.treeSize} is not a signed note: ${parsed.error}`);
  const active = deps.signer.active();
  const text = parseCheckpointText(parsed.value.text);
  if (!text.ok) throw new Error(`stored checkpoint ${cp.treeSize}: ${text.error}`);
  const id = noteKeyId(text.value.origin, active.raw);
  if (parsed.value.signatures.some((s) => s.name === text.value.origin && equalBytes(s.keyId, id))) return cp.note;
  return signCheckpoint({ origin: text.value.origin, treeSize: cp.treeSize, rootHash: text.value.rootHash }, active);
};

/** The newest cosignature of each witness, in witness order. */
const newestPerWitness = (rows: readonly CosignatureRow[]): CosignatureRow[] => {
  const byWitness = new Map<string, CosignatureRow>();
  for (const r of rows) {
    const held = byWitness.get(r.witness);
    if (held === undefined || r.cosignedAt > held.cosignedAt) byWitness.set(r.witness, r);
  }
  return [...byWitness.values()].sort((a, b) => (a.witness < b.witness ? -1 : 1));
};

const withCosignatures = (note: string, rows: readonly CosignatureRow[]): string =>
  note +
  newestPerWitness(rows)
    .map((r) => `${r.line}\n`)
    .join('');

export interface ServedCheckpoint {
  readonly row: CheckpointRow;
  /** The live note with its cosignature lines. */
  readonly note: string;
  /** The newest cosignature's time (ISO), or null when none. */
  readonly witnessedAt: string | null;
}

/** `cp` as served: live note plus cosignatures. */
export const servedCheckpoint = async (
  scope: CustomerScope,
  cp: CheckpointRow,
  deps: LedgerDeps,
): Promise<ServedCheckpoint> => {
  const rows = await scope.cosignaturesAt(cp.treeSize);
  const newest = rows.reduce((m, r) => Math.max(m, r.cosignedAt), -1);
  return {
    row: cp,
    note: withCosignatures(liveNote(cp, deps), rows),
    witnessedAt: newest < 0 ? null : new Date(newest * 1000).toISOString(),
  };
};
