/**
 * The `--previous-checkpoint` file: either the signed note itself, or strict JSON as GET
 * /v1/ledger/checkpoint serves it, `{"treeSize", "rootHash", "checkpoint"[, "witnessedAt"]}`, whose
 * treeSize and rootHash (hex) must be the ones the note signs. Anything else is not a checkpoint.
 */
import { parseCheckpointText } from '../../../domain/receipts/checkpoint.ts';
import { toHex } from '../../../domain/receipts/encoding.ts';
import { parseNote } from '../../../domain/receipts/note.ts';
import { err, ok } from '../../../domain/shared/result.ts';
import type { Result } from '../../../domain/shared/result.ts';
import { decodeUtf8, parseStrictJson } from '../../../domain/receipts/strict-json.ts';

const MEMBERS = ['treeSize', 'rootHash', 'checkpoint', 'witnessedAt'];

export const checkpointFileProblem = (bytes: Uint8Array): Result<string, string> => {
  const text = decodeUtf8(bytes);
  if (text === null) return err('the file is not UTF-8');
  if (!text.startsWith('{')) return ok(text);
  const parsed = parseStrictJson(text);
  if (!parsed.ok) return err(`the file is not strict JSON: ${parsed.error}`);
  const v = parsed.value as Record<string, unknown>;
  const extra = Object.keys(v).find((k) => !MEMBERS.includes(k));
  if (extra !== undefined) return err(`unexpected member ${extra}`);
  const note = v['checkpoint'];
  if (typeof note !== 'string') return err('the JSON has no checkpoint member (the signed note)');
  const inner = parseNote(note);
  const cp = inner.ok ? parseCheckpointText(inner.value.text) : inner;
  if (!cp.ok) return err(cp.error);
  if (v['treeSize'] !== cp.value.treeSize)
    return err(`treeSize ${String(v['treeSize'])} is not the signed tree size ${cp.value.treeSize}`);
  if (v['rootHash'] !== toHex(cp.value.rootHash)) return err('rootHash is not the signed root hash (hex)');
  return ok(note);
};
