/** docs/receipts.md stays true: every `<!-- example:NAME -->` block equals the value the code computes. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyCheckpoint } from './checkpoint.ts';
import { parseVkey, verifyCosignatures } from './cosignature.ts';
import { fromBase64 } from './encoding.ts';
import { publicKeyFromRaw } from './keys.ts';
import { leafHash } from './merkle.ts';
import { verifyConsistency, verifyInclusion } from './merkle-verify.ts';
import { workedExample } from './worked-example.ts';

const doc = readFileSync(new URL('../../../docs/receipts.md', import.meta.url), 'utf8');
const blocks = new Map(
  [...doc.matchAll(/<!-- example:([\w-]+) -->\n+```[a-z]*\n([\s\S]*?)\n```/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
);
const example = workedExample();
const hex = (s: string): Uint8Array => Buffer.from(s, 'hex');

describe('docs/receipts.md worked example', () => {
  it('shows every computed value, and nothing else', () => {
    expect([...blocks.keys()].sort()).toEqual(Object.keys(example).sort());
  });

  for (const [name, value] of Object.entries(example)) {
    it(`${name} matches the code`, () => {
      expect(blocks.get(name)).toBe(value.endsWith('\n') ? value.slice(0, -1) : value);
    });
  }

  it('checks out by the document alone: leaf, proofs and checkpoint from the printed values', () => {
    const leaf0 = leafHash(Buffer.from(example['leaf-bytes-0'] ?? '', 'utf8'));
    expect(Buffer.from(leaf0).toString('hex')).toBe(blocks.get('leaf-hash-0'));
    const root = hex(blocks.get('root-3') ?? '');
    const incl = JSON.parse(blocks.get('inclusion-proof-1') ?? '') as { hashes: string[] };
    const proof = incl.hashes.map((h) => fromBase64(h) ?? new Uint8Array());
    expect(verifyInclusion(1, 3, hex(blocks.get('leaf-hash-1') ?? ''), proof, root)).toBe(true);
    const cons = JSON.parse(blocks.get('consistency-proof-2-3') ?? '') as { hashes: string[] };
    const consProof = cons.hashes.map((h) => fromBase64(h) ?? new Uint8Array());
    expect(verifyConsistency(2, 3, consProof, hex(blocks.get('node-01') ?? ''), root)).toBe(true);
    const key = publicKeyFromRaw(hex(blocks.get('public-key-hex') ?? ''));
    const cp = verifyCheckpoint(`${blocks.get('signed-checkpoint') ?? ''}\n`, [key], blocks.get('origin'));
    expect(cp.ok && cp.value.treeSize === 3 && cp.value.kid === blocks.get('kid')).toBe(true);
  });

  it('checks the cosignature by the document alone: vkey, message and the cosigned note', () => {
    const w = parseVkey(blocks.get('witness-vkey') ?? '');
    if (!w.ok) throw new Error(w.error);
    const key = publicKeyFromRaw(hex(blocks.get('public-key-hex') ?? ''));
    const cp = verifyCheckpoint(`${blocks.get('cosigned-checkpoint') ?? ''}\n`, [key], blocks.get('origin'));
    if (!cp.ok) throw new Error(cp.error);
    expect(verifyCosignatures(cp.value.text, cp.value.signatures, [w.value])).toEqual({
      ok: true,
      value: [{ witness: 'witness.example/w1', timestamp: 1768469580 }],
    });
    expect(blocks.get('cosignature-message')).toBe(`cosignature/v1\ntime 1768469580\n${cp.value.text.slice(0, -1)}`);
    expect(blocks.get('receipt-context-hex')).toBe(Buffer.from('tai-receipt/2\u0000').toString('hex'));
  });
});
