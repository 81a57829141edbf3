/**
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 signatures: the text (ending in a
 * newline), a blank line, then lines "— <key name> <base64(4-byte key id || 64-byte signature)>".
 * Key id = SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4].
 */
import { createHash } from 'node:crypto';
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { fromBase64, toBase64 } from './encoding.ts';
import { signBytes, verifyBytes } from './keys.ts';
import type { PublicReceiptKey, SigningKey } from './keys.ts';
import { equalBytes } from './merkle-verify.ts';

export interface NoteSignature {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly signature: Uint8Array;
}

interface ParsedNote {
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

const EM_DASH = '\u2014';
/** More signature lines than this reject the note (as golang.org/x/mod/sumdb/note does). */
const MAX_SIGNATURES = 100;
const LONE_SURROGATE = /\p{Cs}/u;
const BAD_NAME = /[\s+]|^$/u;

/**
 * A control character other than newline (C0 below U+0020, DEL U+007F, C1 U+0080-U+009F), or an
 * unpaired surrogate (not valid UTF-8).
 */
const forbidden = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return LONE_SURROGATE.test(s);
};

export const isValidKeyName = (name: string): boolean => !BAD_NAME.test(name) && !forbidden(name);

export const noteKeyId = (name: string, raw: Uint8Array): Uint8Array =>
  createHash('sha256').update(name, 'utf8').update(Uint8Array.of(0x0a, 0x01)).update(raw).digest().subarray(0, 4);

/** Signs `text` (which must end in a newline) and returns the whole note. */
export const signNote = (text: string, name: string, key: SigningKey): string => {
  if (!text.endsWith('\n') || forbidden(text)) throw new RangeError('note text must be clean and end in a newline');
  if (!isValidKeyName(name)) throw new RangeError('note key names have no spaces or plus signs');
  const sig = signBytes(key, Buffer.from(text, 'utf8'));
  return `${text}\n${EM_DASH} ${name} ${toBase64(Buffer.concat([noteKeyId(name, key.raw), sig]))}\n`;
};

export const parseNote = (note: string): Result<ParsedNote, string> => {
  if (forbidden(note)) return err('the note holds a control character or invalid Unicode');
  if (!note.endsWith('\n')) return err('the note does not end in a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return err('the note has no blank line before its signatures');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) return err('the note has too many signatures');
  const signatures: NoteSignature[] = [];
  for (const line of lines) {
    const m = /^\u2014 (\S+) (\S+)$/u.exec(line);
    const name = m?.[1];
    const bytes = m?.[2] === undefined ? null : fromBase64(m[2]);
    if (name === undefined || !isValidKeyName(name) || bytes === null || bytes.length < 5) {
      return err(`malformed signature line "${line.slice(0, 80)}"`);
    }
    signatures.push({ name, keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) });
  }
  return ok({ text, signatures });
};

/**
 * Verifies a note for the key name `name`: signatures by unknown keys are ignored, one failing
 * signature by a known key rejects the note, and at least one known key must have signed. Returns the
 * kids of every known key that signed (in line order) and every signature line, for cosignature checks.
 */
export const verifyNote = (
  note: string,
  name: string,
  keys: readonly PublicReceiptKey[],
): Result<{ text: string; kid: string; kids: readonly string[]; signatures: readonly NoteSignature[] }, string> => {
  const parsed = parseNote(note);
  if (!parsed.ok) return parsed;
  const known = keys.map((key) => ({ key, id: noteKeyId(name, key.raw) }));
  const text = Buffer.from(parsed.value.text, 'utf8');
  const kids: string[] = [];
  for (const sig of parsed.value.signatures) {
    if (sig.name !== name) continue;
    const match = known.find((k) => equalBytes(k.id, sig.keyId));
    if (match === undefined) continue;
    if (!verifyBytes(match.key, text, sig.signature))
      return err(`the signature by key ${match.key.kid} does not verify`);
    if (kids.includes(match.key.kid)) return err(`key ${match.key.kid} signs the note twice`);
    kids.push(match.key.kid);
  }
  const [kid] = kids;
  return kid === undefined
    ? err(`no signature by a known key named ${name}`)
    : ok({ text: parsed.value.text, kid, kids, signatures: parsed.value.signatures });
};
