/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint) in a signed note: the text is
 * "<origin>\n<tree size in decimal>\n<base64 root hash>\n" and the log signs it under the key name
 * <origin>. One log per customer, origin `<prefix>/<customerId>`, e.g. tai-autonomics.example/receipts/cus_...
 */
import { DomainError } from '../errors/domain-error.ts';
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { fromBase64, toBase64 } from './encoding.ts';
import type { PublicReceiptKey, SigningKey } from './keys.ts';
import { HASH_SIZE } from './merkle.ts';
import { isValidKeyName, signNote, verifyNote } from './note.ts';
import type { NoteSignature } from './note.ts';

interface Checkpoint {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
}

export interface VerifiedCheckpoint extends Checkpoint {
  /** The key that signed it (the first, when several did). */
  readonly kid: string;
  /** Every trusted log key that signed it. */
  readonly kids: readonly string[];
  /** The note text (what the log and the witnesses sign). */
  readonly text: string;
  /** Every signature line, the witnesses' cosignatures among them. */
  readonly signatures: readonly NoteSignature[];
  /** Opaque extension lines after the root (we never write any). */
  readonly extensions: readonly string[];
}

const DEFAULT_ORIGIN_PREFIX = 'tai-autonomics.example/receipts';

export const logOrigin = (customerId: string, prefix: string = DEFAULT_ORIGIN_PREFIX): string =>
  `${prefix}/${customerId}`;

const DECIMAL = /^(?:0|[1-9]\d*)$/;

const invalid = (detail: string): DomainError => new DomainError('TAI-CHECKPOINT-INVALID', { detail });

export const checkpointText = (cp: Checkpoint): string => {
  if (!isValidKeyName(cp.origin)) throw invalid(`origin "${cp.origin}" must be non-empty without spaces or plus signs`);
  if (!Number.isSafeInteger(cp.treeSize) || cp.treeSize < 0) throw invalid(`tree size ${cp.treeSize}`);
  if (cp.rootHash.length !== HASH_SIZE) throw invalid('the root hash is 32 bytes');
  return `${cp.origin}\n${cp.treeSize}\n${toBase64(cp.rootHash)}\n`;
};

/** The signed note text; the key name is the origin. */
export const signCheckpoint = (cp: Checkpoint, key: SigningKey): string => signNote(checkpointText(cp), cp.origin, key);

export const parseCheckpointText = (text: string): Result<Checkpoint & { extensions: string[] }, string> => {
  const lines = text.slice(0, -1).split('\n');
  const [origin, size, root, ...extensions] = lines;
  if (origin === undefined || size === undefined || root === undefined)
    return err('the checkpoint has fewer than 3 lines');
  if (origin === '') return err('the checkpoint origin is empty');
  if (!DECIMAL.test(size) || !Number.isSafeInteger(Number(size)))
    return err(`tree size "${size}" is not a decimal number`);
  const rootHash = fromBase64(root);
  if (rootHash === null || rootHash.length !== HASH_SIZE) return err('the root hash is not base64 of 32 bytes');
  if (extensions.some((l) => l === '')) return err('the checkpoint has an empty extension line');
  return ok({ origin, treeSize: Number(size), rootHash, extensions });
};

/**
 * Parses and verifies a signed checkpoint. The origin is taken from the text (or must equal `origin`
 * when given) and the signature must be by one of `keys` under that name.
 */
export const verifyCheckpoint = (
  note: string,
  keys: readonly PublicReceiptKey[],
  origin?: string,
): Result<VerifiedCheckpoint, string> => {
  const firstLine = note.slice(0, Math.max(0, note.indexOf('\n')));
  if (origin !== undefined && firstLine !== origin)
    return err(`the checkpoint origin is "${firstLine}", expected "${origin}"`);
  const verified = verifyNote(note, firstLine, keys);
  if (!verified.ok) return verified;
  const parsed = parseCheckpointText(verified.value.text);
  if (!parsed.ok) return parsed;
  const { kid, kids, text, signatures } = verified.value;
  return ok({ ...parsed.value, kid, kids, text, signatures });
};
