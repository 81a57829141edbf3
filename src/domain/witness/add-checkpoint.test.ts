/**
 * The witness's decisions per C2SP tlog-witness, cosignatures per tlog-cosignature, and the public
 * signed-note vectors (test/fixtures/c2sp-signed-note: golang.org/x/mod sumdb/note, the C2SP example).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkpointText, signCheckpoint } from '../receipts/checkpoint.ts';
import { cosign, formatVkey, parseVkey, verifyCosignatures, witnessKey } from '../receipts/cosignature.ts';
import { MemoryTree } from '../receipts/memory-tree.ts';
import { noteKeyId, parseNote, verifyNote } from '../receipts/note.ts';
import { publicKeyFromRaw } from '../receipts/keys.ts';
import { seedKey } from '../../../test/support/sample-log.ts';
import { decideAddCheckpoint, formatAddCheckpoint, parseAddCheckpoint } from './add-checkpoint.ts';
import type { WitnessIdentity, WitnessedHead } from './add-checkpoint.ts';

const vectors = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/c2sp-signed-note/note-vectors.json', import.meta.url), 'utf8'),
) as Record<string, string | string[] | number>;
const str = (k: string): string => vectors[k] as string;

const logKey = seedKey('log');
const old = seedKey('old log key');
const me: WitnessIdentity = {
  name: 'witness.example/w1',
  key: seedKey('witness'),
  originPrefix: 'tai.example/receipts',
  logKeys: [
    { ...logKey, lifecycle: { createdAt: '2025-01-01T00:00:00.000Z', retiredAt: null, compromisedAt: null } },
    {
      ...old,
      lifecycle: { createdAt: '2025-01-01T00:00:00.000Z', retiredAt: null, compromisedAt: '2025-06-01T00:00:00.000Z' },
    },
  ],
};
const origin = 'tai.example/receipts/cus_1';
const tree = new MemoryTree();
for (let i = 0; i < 10; i++) tree.append(Buffer.alloc(32, i));
const note = (size: number, key = logKey, o = origin): string =>
  signCheckpoint({ origin: o, treeSize: size, rootHash: tree.root(size) }, key);
const NOW = Date.UTC(2026, 0, 1);
const decide = (oldSize: number, size: number, held?: WitnessedHead, key = logKey) =>
  decideAddCheckpoint(
    me,
    {
      oldSize,
      proof: oldSize === 0 || oldSize === size ? [] : tree.consistencyProof(oldSize, size),
      note: note(size, key),
    },
    held,
    NOW,
  );
const head = (size: number): WitnessedHead => ({ origin, size, rootHash: tree.root(size) });

describe('signed-note vectors (golang.org/x/mod sumdb/note)', () => {
  it('verifies the PeterNeumann note under its vkey and ignores the unknown EnochRoot line', () => {
    const raw = Buffer.from(str('peterVkey').split('+')[2] ?? '', 'base64').subarray(1);
    expect(Buffer.from(noteKeyId('PeterNeumann', raw)).toString('hex')).toBe('c74f20a3');
    const key = publicKeyFromRaw(raw);
    const text = str('text');
    expect(verifyNote(`${text}\n${str('peterSig')}${str('enochSig')}`, 'PeterNeumann', [key])).toMatchObject({
      ok: true,
      value: { text },
    });
    for (const bad of vectors['malformed'] as string[])
      expect(verifyNote(bad, 'PeterNeumann', [key]).ok, bad).toBe(false);
    expect(
      verifyNote(`${text}\n${str('peterSig').repeat((vectors['maxSignatures'] as number) + 1)}`, 'PeterNeumann', [key]),
    ).toEqual({
      ok: false,
      error: 'the note has too many signatures',
    });
  });

  it('reads the C2SP tlog-cosignature example: a cosignature line is key id, 8-byte timestamp and signature', () => {
    const parsed = parseNote(str('cosignedCheckpoint'));
    expect(parsed.ok).toBe(true);
    const cosig = parsed.ok ? parsed.value.signatures.find((s) => s.name === 'witness.example.com/w1') : undefined;
    expect(cosig?.signature.length).toBe(72);
    expect(Buffer.from(cosig?.signature.subarray(0, 8) ?? []).readBigUInt64BE()).toBe(1679315147n);
  });
});

describe('cosignatures', () => {
  it('cosign and verify round-trip; the vkey round-trips and is checked', () => {
    const w = witnessKey(me.name, me.key.raw);
    const vkey = formatVkey(w);
    expect(parseVkey(vkey)).toMatchObject({ ok: true, value: { name: me.name } });
    expect(parseVkey(vkey.replace(/\+([0-9a-f])/, (_, c: string) => `+${c === '0' ? '1' : '0'}`)).ok).toBe(false);
    const text = checkpointText({ origin, treeSize: 3, rootHash: tree.root(3) });
    const signed = parseNote(`${note(3)}${cosign(text, me.name, me.key, 1_767_225_600)}`);
    if (!signed.ok) throw new Error(signed.error);
    expect(verifyCosignatures(text, signed.value.signatures, [w])).toEqual({
      ok: true,
      value: [{ witness: me.name, timestamp: 1_767_225_600 }],
    });
    expect(verifyCosignatures(text.replace('\n3\n', '\n4\n'), signed.value.signatures, [w]).ok).toBe(false);
  });
});

describe('add-checkpoint', () => {
  it('parses and formats the request body', () => {
    const body = formatAddCheckpoint({ oldSize: 4, proof: tree.consistencyProof(4, 7), note: note(7) });
    expect(body.startsWith('old 4\n')).toBe(true);
    expect(parseAddCheckpoint(body)).toMatchObject({ ok: true, value: { oldSize: 4, note: note(7) } });
    expect(parseAddCheckpoint(`old 04\n\n${note(7)}`).ok).toBe(false);
    expect(parseAddCheckpoint(`old 0\n${'AAAA\n'.repeat(64)}\n${note(7)}`).ok).toBe(false);
  });

  it('answers each case of the protocol', () => {
    expect(decide(0, 5)).toMatchObject({ status: 200, head: { size: 5 } });
    expect(decide(5, 8, head(5))).toMatchObject({ status: 200, head: { size: 8 } });
    expect(decide(5, 5, head(5))).toMatchObject({ status: 200 });
    expect(decide(3, 8, head(5))).toEqual({ status: 409, body: '5\n' });
    expect(decideAddCheckpoint(me, { oldSize: 6, proof: [], note: note(5) }, head(5), NOW)).toMatchObject({
      status: 400,
    });
    expect(
      decideAddCheckpoint(me, { oldSize: 5, proof: tree.consistencyProof(4, 8), note: note(8) }, head(5), NOW),
    ).toMatchObject({ status: 422 });
    expect(
      decideAddCheckpoint(me, { oldSize: 0, proof: [], note: note(3, logKey, 'other.example/x') }, undefined, NOW),
    ).toMatchObject({ status: 404 });
    expect(decide(0, 5, undefined, seedKey('stranger'))).toMatchObject({ status: 403 });
    // A key compromised before the witness's now no longer counts.
    expect(decide(0, 5, undefined, old)).toMatchObject({ status: 403 });
  });

  it('refuses a second checkpoint of a size it cosigned with another root (a split view)', () => {
    const forked = new MemoryTree();
    for (let i = 0; i < 10; i++) forked.append(Buffer.alloc(32, 100 + i));
    const other = signCheckpoint({ origin, treeSize: 5, rootHash: forked.root(5) }, logKey);
    expect(decideAddCheckpoint(me, { oldSize: 5, proof: [], note: other }, head(5), NOW)).toEqual({
      status: 409,
      body: '5\n',
    });
  });
});
