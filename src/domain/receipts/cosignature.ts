/**
 * C2SP tlog-cosignature v1 (https://c2sp.org/tlog-cosignature), Ed25519: a witness's signature line on a
 * checkpoint, `— <witness name> base64(key id || u64 big-endian timestamp || signature)`, where key id =
 * SHA-256(name || 0x0A || 0x04 || public key)[:4] and the signature covers
 * "cosignature/v1\ntime <timestamp>\n" || the checkpoint text. Witness keys are pinned as C2SP vkeys:
 * `<name>+<hex key id>+<base64(0x04 || public key)>`.
 */
import { createHash } from 'node:crypto';
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { fromBase64, toBase64, toHex } from './encoding.ts';
import { isDomainError } from '../errors/domain-error.ts';
import { publicKeyFromRaw, signBytes, verifyBytes } from './keys.ts';
import type { PublicReceiptKey, SigningKey } from './keys.ts';
import { equalBytes } from './merkle-verify.ts';
import { isValidKeyName } from './note.ts';
import type { NoteSignature } from './note.ts';

const COSIGNATURE_V1 = 0x04;
const MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER;

export interface WitnessKey {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly key: PublicReceiptKey;
}

const witnessKeyId = (name: string, raw: Uint8Array): Uint8Array =>
  createHash('sha256')
    .update(name, 'utf8')
    .update(Uint8Array.of(0x0a, COSIGNATURE_V1))
    .update(raw)
    .digest()
    .subarray(0, 4);

export const witnessKey = (name: string, raw: Uint8Array): WitnessKey => ({
  name,
  keyId: witnessKeyId(name, raw),
  key: publicKeyFromRaw(raw),
});

export const formatVkey = (w: WitnessKey): string =>
  `${w.name}+${toHex(w.keyId)}+${toBase64(Buffer.concat([Uint8Array.of(COSIGNATURE_V1), w.key.raw]))}`;

/** A vkey of type 0x04 (cosignature/v1), strictly: canonical base64, the key id derived, a strict key. */
export const parseVkey = (vkey: string): Result<WitnessKey, string> => {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(vkey);
  const bytes = m?.[3] === undefined ? null : fromBase64(m[3]);
  if (m === null || m[1] === undefined || !isValidKeyName(m[1]) || bytes === null)
    return err(`"${vkey.slice(0, 80)}" is not a vkey <name>+<hex key id>+<base64 key>`);
  if (bytes.length !== 33 || bytes[0] !== COSIGNATURE_V1)
    return err(`vkey ${m[1]} is not an Ed25519 cosignature/v1 key (type 0x04, 32 bytes)`);
  let w: WitnessKey;
  try {
    w = witnessKey(m[1], bytes.subarray(1));
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return err(`vkey ${m[1]}: ${e.detail ?? e.message}`);
  }
  if (toHex(w.keyId) !== m[2]) return err(`vkey ${m[1]}: the key id is not the one of its key`);
  return ok(w);
};

export const cosignatureMessage = (text: string, timestamp: number): Uint8Array =>
  Buffer.from(`cosignature/v1\ntime ${timestamp}\n${text}`, 'utf8');

/** The signature line a witness adds to a checkpoint whose note text is `text`. */
export const cosign = (text: string, name: string, key: SigningKey, timestamp: number): string => {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError(`timestamp ${timestamp}`);
  const w = witnessKeyId(name, key.raw);
  const ts = Buffer.alloc(8);
  ts.writeBigUInt64BE(BigInt(timestamp));
  const sig = signBytes(key, cosignatureMessage(text, timestamp));
  return `\u2014 ${name} ${toBase64(Buffer.concat([w, ts, sig]))}\n`;
};

interface Cosignature {
  readonly witness: string;
  /** POSIX seconds, the witness's clock. */
  readonly timestamp: number;
}

/**
 * The cosignatures of `witnesses` among a note's signature lines. A line whose name and key id are a
 * pinned witness's must be well formed and verify, else the note is refused; one witness twice is refused;
 * lines of other keys are ignored.
 */
export const verifyCosignatures = (
  text: string,
  signatures: readonly NoteSignature[],
  witnesses: readonly WitnessKey[],
): Result<Cosignature[], string> => {
  const found: Cosignature[] = [];
  for (const s of signatures) {
    const w = witnesses.find((k) => k.name === s.name && equalBytes(k.keyId, s.keyId));
    if (w === undefined) continue;
    if (s.signature.length !== 72) return err(`the cosignature of ${w.name} is not 8 + 64 bytes`);
    const big = Buffer.from(s.signature.subarray(0, 8)).readBigUInt64BE();
    if (big > BigInt(MAX_TIMESTAMP)) return err(`the cosignature of ${w.name} has timestamp ${big}`);
    const timestamp = Number(big);
    if (!verifyBytes(w.key, cosignatureMessage(text, timestamp), s.signature.subarray(8)))
      return err(`the cosignature of ${w.name} does not verify`);
    if (found.some((f) => f.witness === w.name)) return err(`witness ${w.name} cosigns twice`);
    found.push({ witness: w.name, timestamp });
  }
  return ok(found);
};
