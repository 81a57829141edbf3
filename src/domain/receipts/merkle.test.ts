/** Merkle proofs: the transparency-dev/merkle vectors (every file, positive and negative) and a naive model. */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendLeaf,
  EMPTY_FRONTIER,
  frontierFromNodes,
  frontierNodeIds,
  frontierRoot,
  rootOfLeafHashes,
} from './frontier.ts';
import type { Frontier } from './frontier.ts';
import {
  consistencyProof,
  consistencyRanges,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  leafNodeReader,
  neededNodes,
  nodeHash,
  proofFromRanges,
  rootOf,
} from './merkle.ts';
import { verifyConsistency, verifyInclusion } from './merkle-verify.ts';
import { MemoryTree } from './memory-tree.ts';

// Vectors: https://github.com/transparency-dev/merkle testdata/, see test/fixtures/transparency-dev-merkle/SOURCE.md.
const root = fileURLToPath(new URL('../../../test/fixtures/transparency-dev-merkle/testdata/', import.meta.url));
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

interface InclusionVector {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}
interface ConsistencyVector {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}
const load = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const inclusionFiles = walk(join(root, 'inclusion'));
const consistencyFiles = walk(join(root, 'consistency'));

describe('transparency-dev/merkle vectors', () => {
  it('finds all of them', () => {
    expect(inclusionFiles.length).toBe(98);
    expect(consistencyFiles.length).toBe(98);
  });

  for (const file of inclusionFiles) {
    const v = load<InclusionVector>(file);
    it(`inclusion ${file.slice(root.length)}: ${v.wantErr ? 'rejects' : 'accepts'}`, () => {
      const ok = verifyInclusion(v.leafIdx, v.treeSize, b64(v.leafHash), (v.proof ?? []).map(b64), b64(v.root));
      expect(ok).toBe(!v.wantErr);
    });
  }

  for (const file of consistencyFiles) {
    const v = load<ConsistencyVector>(file);
    it(`consistency ${file.slice(root.length)}: ${v.wantErr ? 'rejects' : 'accepts'}`, () => {
      const ok = verifyConsistency(v.size1, v.size2, (v.proof ?? []).map(b64), b64(v.root1), b64(v.root2));
      expect(ok).toBe(!v.wantErr);
    });
  }

  // The vectors' tree: leaves from proof/verify_test.go; roots of sizes 1..8 are published there.
  const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
  const tree = new MemoryTree();
  for (const l of leaves) tree.append(leafHash(Buffer.from(l, 'hex')));

  it('generates the published happy-path proofs', () => {
    for (const file of inclusionFiles.filter((f) => f.endsWith('happy-path.json'))) {
      const v = load<InclusionVector>(file);
      if (v.treeSize > leaves.length) continue;
      expect(hex(tree.root(v.treeSize))).toBe(hex(b64(v.root)));
      expect(tree.inclusionProof(v.leafIdx, v.treeSize).map(hex)).toEqual((v.proof ?? []).map((p) => hex(b64(p))));
    }
    for (const file of consistencyFiles.filter((f) => f.endsWith('happy-path.json'))) {
      const v = load<ConsistencyVector>(file);
      expect(hex(tree.root(v.size2))).toBe(hex(b64(v.root2)));
      expect(tree.consistencyProof(v.size1, v.size2).map(hex)).toEqual((v.proof ?? []).map((p) => hex(b64(p))));
    }
  });

  it('matches the RFC 6962 roots of verify_test.go', () => {
    expect(hex(tree.root(8))).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
    expect(hex(tree.root(3))).toBe('aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77');
    expect(hex(tree.root(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

// The naive model: RFC 6962 section 2.1 definitions, recursively, over leaf hashes.
const split = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
const mth = (d: Uint8Array[]): Uint8Array =>
  d.length === 0
    ? EMPTY_ROOT
    : d.length === 1
      ? (d[0] as Uint8Array)
      : nodeHash(mth(d.slice(0, split(d.length))), mth(d.slice(split(d.length))));
const path = (m: number, d: Uint8Array[]): Uint8Array[] => {
  if (d.length <= 1) return [];
  const k = split(d.length);
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
};
const subproof = (m: number, d: Uint8Array[], b: boolean): Uint8Array[] => {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = split(d.length);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
};
const flipBit = (b: Uint8Array | undefined, salt: number): void => {
  if (b === undefined) throw new Error('no such proof element');
  b[salt % 32] = (b[salt % 32] ?? 0) ^ (1 << (salt % 8));
};
const leavesOf = (n: number): Uint8Array[] => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));

describe('proofs against the naive recursive tree', () => {
  const sizes = fc.integer({ min: 1, max: 300 });

  it('roots agree for every construction: MemoryTree, frontier, leaf reader', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), (n) => {
        const d = leavesOf(n);
        const want = hex(mth(d));
        const tree = new MemoryTree();
        let f: Frontier = EMPTY_FRONTIER;
        for (const h of d) {
          tree.append(h);
          f = appendLeaf(f, h).frontier;
        }
        expect(hex(tree.root())).toBe(want);
        expect(hex(frontierRoot(f))).toBe(want);
        expect(hex(rootOfLeafHashes(Buffer.concat(d)))).toBe(want);
        expect(
          hex(
            rootOf(
              n,
              leafNodeReader((i) => d[i] as Uint8Array),
            ),
          ),
        ).toBe(want);
      }),
      { numRuns: 60 },
    );
  });

  it('inclusion proofs equal PATH and verify; any other index or a flipped bit fails', () => {
    fc.assert(
      fc.property(
        sizes.chain((n) => fc.tuple(fc.constant(n), fc.nat(n - 1), fc.nat())),
        ([n, m, salt]) => {
          const d = leavesOf(n);
          const tree = new MemoryTree();
          d.forEach((h) => tree.append(h));
          const proof = tree.inclusionProof(m);
          expect(proof.map(hex)).toEqual(path(m, d).map(hex));
          expect(
            inclusionProof(
              m,
              n,
              leafNodeReader((i) => d[i] as Uint8Array),
            ).map(hex),
          ).toEqual(proof.map(hex));
          const r = mth(d);
          expect(verifyInclusion(m, n, d[m] as Uint8Array, proof, r)).toBe(true);
          const other = (m + 1 + (salt % n)) % n;
          if (other !== m) expect(verifyInclusion(other, n, d[m] as Uint8Array, proof, r)).toBe(false);
          if (proof.length > 0) {
            const bad = proof.map((p) => Uint8Array.from(p));
            const at = salt % bad.length;
            flipBit(bad[at], salt);
            expect(verifyInclusion(m, n, d[m] as Uint8Array, bad, r)).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('consistency proofs equal PROOF and verify; wrong sizes, roots or bits fail', () => {
    fc.assert(
      fc.property(
        sizes.chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n), fc.nat())),
        ([m, n, salt]) => {
          const d = leavesOf(n);
          const tree = new MemoryTree();
          d.forEach((h) => tree.append(h));
          const proof = tree.consistencyProof(m, n);
          expect(proof.map(hex)).toEqual(subproof(m, d, true).map(hex));
          const r1 = mth(d.slice(0, m));
          const r2 = mth(d);
          expect(verifyConsistency(m, n, proof, r1, r2)).toBe(true);
          if (m < n) {
            expect(verifyConsistency(m, n, proof, r2, r1)).toBe(false);
            expect(verifyConsistency(m + 1, n, proof, r1, r2)).toBe(false);
            const bad = proof.map((p) => Uint8Array.from(p));
            flipBit(bad[salt % bad.length], salt);
            expect(verifyConsistency(m, n, bad, r1, r2)).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a node store fed by frontier appends serves the same proofs through neededNodes', () => {
    const n = 77;
    const d = leavesOf(n);
    const store = new Map<string, Uint8Array>();
    let f: Frontier = EMPTY_FRONTIER;
    for (const h of d) {
      const step = appendLeaf(f, h);
      f = step.frontier;
      for (const node of step.completed) store.set(`${node.level}/${node.index}`, node.hash);
    }
    const ranges = consistencyRanges(13, n);
    const fetched = new Map(
      neededNodes(ranges).map((id) => [`${id.level}/${id.index}`, store.get(`${id.level}/${id.index}`)]),
    );
    const proof = proofFromRanges(ranges, (l, i) => fetched.get(`${l}/${i}`) ?? Uint8Array.of());
    expect(proof.map(hex)).toEqual(
      consistencyProof(
        13,
        n,
        leafNodeReader((i) => d[i] as Uint8Array),
      ).map(hex),
    );
    const rebuilt = frontierFromNodes(
      n,
      frontierNodeIds(n).map((id) => store.get(`${id.level}/${id.index}`) ?? Uint8Array.of()),
    );
    expect(hex(frontierRoot(rebuilt))).toBe(hex(mth(d)));
  });

  it('hashes with the RFC 6962 domain prefixes', () => {
    const sha = (...parts: Uint8Array[]): string => createHash('sha256').update(Buffer.concat(parts)).digest('hex');
    const a = Buffer.from('a');
    expect(hex(leafHash(a))).toBe(sha(Uint8Array.of(0), a));
    const l = leafHash(a);
    const r = leafHash(Buffer.from('b'));
    expect(hex(nodeHash(l, r))).toBe(sha(Uint8Array.of(1), l, r));
  });

  it('builds a 100k-leaf tree and serves proofs at any earlier size', () => {
    const tree = new MemoryTree();
    for (let i = 0; i < 100_000; i++) tree.append(leafHash(Buffer.from(String(i))));
    const r = tree.root(65_537);
    const proof = tree.consistencyProof(65_537, 100_000);
    expect(verifyConsistency(65_537, 100_000, proof, r, tree.root())).toBe(true);
    expect(
      verifyInclusion(99_999, 100_000, leafHash(Buffer.from('99999')), tree.inclusionProof(99_999), tree.root()),
    ).toBe(true);
  });
});
