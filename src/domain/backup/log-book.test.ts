import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signCheckpoint } from '../receipts/checkpoint.ts';
import { toHex } from '../receipts/encoding.ts';
import { EMPTY_FRONTIER, appendLeaf, type Frontier } from '../receipts/frontier.ts';
import { signingKeyFromSeed } from '../receipts/keys.ts';
import { MemoryTree } from '../receipts/memory-tree.ts';
import { LogBook } from './log-book.ts';

const key = signingKeyFromSeed(new Uint8Array(32).fill(3));
const CUS = 'cus_1';
const leaf = (i: number): Uint8Array => createHash('sha256').update(`leaf ${i}`).digest();

/** A log of n leaves fed to a LogBook as the tables would feed it, with `change` applied first. */
const book = (n: number, change: { skip?: number; nodeHash?: string; olderRoot?: string } = {}): LogBook => {
  const b = new LogBook();
  let f: Frontier = EMPTY_FRONTIER;
  const tree = new MemoryTree();
  for (let i = 0; i < n; i++) {
    const next = appendLeaf(f, leaf(i));
    f = next.frontier;
    tree.append(leaf(i));
    if (i !== change.skip) b.receipt(CUS, i, toHex(leaf(i)));
    for (const nd of next.completed)
      if (nd.level > 0) b.node(CUS, nd.level, nd.index, change.nodeHash ?? toHex(nd.hash));
  }
  b.head(CUS, n, JSON.stringify(f.hashes.map(toHex)), toHex(leaf(n - 1)));
  const root = tree.root();
  b.checkpoint(CUS, n, toHex(root), signCheckpoint({ origin: `o/${CUS}`, treeSize: n, rootHash: root }, key));
  b.checkpoint(CUS, 3, change.olderRoot ?? toHex(tree.root(3)), 'older, signature not checked');
  return b;
};

const reasons = (b: LogBook, external: Parameters<LogBook['finish']>[1] = []): string[] =>
  b.finish([key], external).problems.map((p) => p.reason);

describe('LogBook', () => {
  it('recomputes a sound log to its signed root', () => {
    const { logs, problems } = book(10).finish([key]);
    expect(problems).toEqual([]);
    expect(logs).toMatchObject([{ customerId: CUS, treeSize: 10 }]);
  });

  it('names a receipt missing from the middle', () => {
    expect(reasons(book(10, { skip: 4 }))).toEqual(['receipt 4 is missing (the next one stored is 5)']);
  });

  it('finds a stored node or an older checkpoint that is not the tree of its receipts', () => {
    expect(reasons(book(8, { nodeHash: '0'.repeat(64) }))).toEqual([
      'the stored tree node (level 1, index 0) is not the tree of its receipts',
    ]);
    expect(reasons(book(8, { olderRoot: '1'.repeat(64) }))).toEqual([
      'the stored checkpoint at tree size 3 is not the root of its first 3 receipts',
    ]);
  });

  it('holds the log against checkpoints saved elsewhere: consistent, ahead (behind the backup), or a fork', () => {
    const tree = new MemoryTree();
    for (let i = 0; i < 12; i++) tree.append(leaf(i));
    const ok = { customerId: CUS, treeSize: 6, rootHash: tree.root(6), source: 'witness/a' };
    expect(reasons(book(10), [ok])).toEqual([]);
    const ahead = book(10).finish([key], [{ ...ok, treeSize: 12, rootHash: tree.root(12), source: 'witness/b' }]);
    expect(ahead.problems).toEqual([
      {
        where: `log ${CUS}`,
        reason:
          'witness/b is a checkpoint of 12 receipts, but the log holds 10: receipts issued after the backup point are missing',
        kind: 'behind',
      },
    ]);
    expect(reasons(book(10), [{ ...ok, rootHash: tree.root(5) }])).toEqual([
      'witness/a signed a different log: its first 6 receipts are not these (a fork)',
    ]);
  });
});
