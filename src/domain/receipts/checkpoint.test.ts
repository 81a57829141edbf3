/** Signed notes and checkpoints: the C2SP formats byte for byte, signing, parsing and verification rules. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DomainError } from '../errors/domain-error.ts';
import { checkpointText, logOrigin, parseCheckpointText, signCheckpoint, verifyCheckpoint } from './checkpoint.ts';
import { generateSigningKey, publicKeyFromRaw, signingKeyFromSeed } from './keys.ts';
import { EMPTY_ROOT } from './merkle.ts';
import { noteKeyId, parseNote, signNote, verifyNote } from './note.ts';

const key = signingKeyFromSeed(createHash('sha256').update('checkpoint test').digest());
const origin = logOrigin('cus_01kf0000000000000000000000');
const root = createHash('sha256').update('root').digest();

describe('signed note', () => {
  it('computes the key id as SHA-256(name || 0x0A || 0x01 || public key)[:4]', () => {
    const want = createHash('sha256')
      .update(Buffer.concat([Buffer.from('example.com/log'), Buffer.from([0x0a, 0x01]), key.raw]))
      .digest()
      .subarray(0, 4);
    expect(Buffer.from(noteKeyId('example.com/log', key.raw))).toEqual(want);
  });

  it('reproduces the golang.org/x/mod/sumdb/note example note byte for byte and verifies it', () => {
    // note_test.go: vkey PeterNeumann+c74f20a3+ARpc..., skey PRIVATE+KEY+PeterNeumann+c74f20a3+AYEK... (0x01 || key).
    const raw = Buffer.from('ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', 'base64').subarray(1);
    const seed = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
    const text =
      "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    const note = `${text}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
    expect(Buffer.from(noteKeyId('PeterNeumann', raw)).toString('hex')).toBe('c74f20a3');
    const peter = signingKeyFromSeed(seed);
    expect(Buffer.from(peter.raw)).toEqual(raw);
    expect(signNote(text, 'PeterNeumann', peter)).toBe(note);
    expect(verifyNote(note, 'PeterNeumann', [publicKeyFromRaw(raw)])).toMatchObject({
      ok: true,
      value: { text, kid: peter.kid, kids: [peter.kid] },
    });
    expect(verifyNote(note.replace('cryptography', 'cryptographY'), 'PeterNeumann', [peter]).ok).toBe(false);
  });

  it('writes the blank line, em dash, name and base64(key id || signature)', () => {
    const note = signNote('hello\n', 'example.com/x', key);
    const [text, blank, sigLine, end] = note.split('\n');
    expect([text, blank, end]).toEqual(['hello', '', '']);
    expect(sigLine?.startsWith('\u2014 example.com/x ')).toBe(true);
    const sig = Buffer.from(sigLine?.split(' ')[2] ?? '', 'base64');
    expect(sig.length).toBe(68);
    expect(sig.subarray(0, 4)).toEqual(Buffer.from(noteKeyId('example.com/x', key.raw)));
  });

  it('ignores unknown signers, rejects a failing known one, needs at least one known', () => {
    const other = generateSigningKey();
    const note = signNote('text\n', 'n', key);
    const foreign = signNote('text\n', 'n', other).split('\n')[2] ?? '';
    expect(verifyNote(`${note}${foreign}\n`, 'n', [key]).ok).toBe(true);
    expect(verifyNote(note, 'n', [other])).toEqual({ ok: false, error: 'no signature by a known key named n' });
    expect(verifyNote(note, 'm', [key]).ok).toBe(false);
    const forged = note.replace(/ (\S+)\n$/, (_, b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[20] = (bytes[20] ?? 0) ^ 1;
      return ` ${bytes.toString('base64')}\n`;
    });
    expect(verifyNote(`${forged}${foreign}\n`, 'n', [key, other]).ok).toBe(false);
  });

  it('rejects malformed notes', () => {
    const good = signNote('a\n', 'n', key);
    for (const bad of [
      good.slice(0, -1),
      good.replace('\n\n', '\n'),
      good.replace('\u2014', '-'),
      good.replace('a\n', 'a\r\n'),
      `x\t${good}`,
    ]) {
      expect(parseNote(bad).ok).toBe(false);
    }
    expect(() => signNote('no newline', 'n', key)).toThrow(RangeError);
    expect(() => signNote('a\n', 'has space', key)).toThrow(RangeError);
  });
});

describe('checkpoint', () => {
  it('has the exact tlog-checkpoint text', () => {
    expect(checkpointText({ origin, treeSize: 3, rootHash: root })).toBe(`${origin}\n3\n${root.toString('base64')}\n`);
    expect(checkpointText({ origin, treeSize: 0, rootHash: EMPTY_ROOT })).toBe(
      `${origin}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n`,
    );
  });

  it('signs under the origin and verifies, naming the key', () => {
    const note = signCheckpoint({ origin, treeSize: 42, rootHash: root }, key);
    const v = verifyCheckpoint(note, [key], origin);
    expect(v.ok && v.value.treeSize === 42 && v.value.kid === key.kid).toBe(true);
    expect(v.ok && Buffer.from(v.value.rootHash).equals(root)).toBe(true);
    expect(verifyCheckpoint(note, [key], logOrigin('cus_other')).ok).toBe(false);
    expect(verifyCheckpoint(note.replace('\n42\n', '\n43\n'), [key]).ok).toBe(false);
  });

  it('parses strictly: sizes without leading zeros, 32-byte canonical base64 roots, non-empty extensions', () => {
    const r = root.toString('base64');
    expect(parseCheckpointText(`o\n7\n${r}\n`).ok).toBe(true);
    expect(parseCheckpointText(`o\n7\n${r}\next\n`)).toMatchObject({ ok: true, value: { extensions: ['ext'] } });
    for (const bad of [
      `o\n07\n${r}\n`,
      `o\n-1\n${r}\n`,
      `o\n1e3\n${r}\n`,
      `o\n7\n${r.slice(0, -1)}\n`,
      `o\n7\n`,
      `\n7\n${r}\n`,
      `o\n7\n${r}\n\n`,
    ]) {
      expect(parseCheckpointText(bad).ok, bad).toBe(false);
    }
  });

  it('refuses to build a checkpoint with a bad origin, size or root', () => {
    const detailOf = (cp: Parameters<typeof checkpointText>[0]): string | undefined => {
      try {
        checkpointText(cp);
      } catch (e) {
        expect(e).toMatchObject({ code: 'TAI-CHECKPOINT-INVALID' });
        return (e as DomainError).detail;
      }
      return undefined;
    };
    expect(detailOf({ origin: 'a b', treeSize: 1, rootHash: root })).toMatch(/origin/);
    expect(detailOf({ origin, treeSize: -1, rootHash: root })).toMatch(/tree size/);
    expect(detailOf({ origin, treeSize: 1, rootHash: root.subarray(1) })).toMatch(/32 bytes/);
  });
});
