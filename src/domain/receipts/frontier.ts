/**
 * The compact range [0, size) of an append-only log: one perfect subtree root per set bit of `size`,
 * largest (leftmost) first. Appending is amortized O(1) hashes and the root is O(log n), so a log head
 * needs only this, and every append reports the nodes it completed so a store can keep them for
 * O(log n) proofs (read them back as a NodeReader by (level, index)).
 */
import { EMPTY_ROOT, HASH_SIZE, nodeHash, nodeHashInto, rangeNodes } from './merkle.ts';
import type { NodeId } from './merkle.ts';

export interface Frontier {
  readonly size: number;
  readonly hashes: readonly Uint8Array[];
}

interface StoredNode extends NodeId {
  readonly hash: Uint8Array;
}

export const EMPTY_FRONTIER: Frontier = { size: 0, hashes: [] };

/** Appends one leaf hash; `completed` lists the leaf node and each perfect subtree it closes, bottom up. */
export const appendLeaf = (
  frontier: Frontier,
  leafHash: Uint8Array,
): { frontier: Frontier; completed: StoredNode[] } => {
  const stack = frontier.hashes.slice();
  const completed: StoredNode[] = [{ level: 0, index: frontier.size, hash: leafHash }];
  let h = leafHash;
  let index = frontier.size;
  let level = 0;
  while (index % 2 === 1) {
    const left = stack.pop();
    if (left === undefined) throw new RangeError('frontier does not match its size');
    h = nodeHash(left, h);
    index = (index - 1) / 2;
    level++;
    completed.push({ level, index, hash: h });
  }
  stack.push(h);
  return { frontier: { size: frontier.size + 1, hashes: stack }, completed };
};

/** MTH of the leaves so far. */
export const frontierRoot = (frontier: Frontier): Uint8Array => {
  const { hashes } = frontier;
  let i = hashes.length - 1;
  if (i < 0) return EMPTY_ROOT;
  let acc = hashes[i] as Uint8Array;
  while (--i >= 0) acc = nodeHash(hashes[i] as Uint8Array, acc);
  return acc;
};

/** MTH of leaf hashes packed 32 bytes each, streaming: n - 1 node hashes and O(log n) memory. */
export const rootOfLeafHashes = (packed: Uint8Array): Uint8Array => {
  const n = packed.length / HASH_SIZE;
  if (n === 0) return EMPTY_ROOT;
  const leaves = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  // The frontier's hashes, in place (a safe integer has at most 53 set bits): each node hash is written
  // over its left child, with no buffer allocated per node.
  const stack = Buffer.allocUnsafe(54 * HASH_SIZE);
  let depth = 0;
  for (let i = 0; i < n; i++) {
    leaves.copy(stack, depth * HASH_SIZE, i * HASH_SIZE, (i + 1) * HASH_SIZE);
    depth++;
    for (let index = i; index % 2 === 1; index = (index - 1) / 2) {
      depth--;
      nodeHashInto(stack, (depth - 1) * HASH_SIZE, stack, depth * HASH_SIZE, stack, (depth - 1) * HASH_SIZE);
    }
  }
  // The root: the frontier folded from the right (frontierRoot), into the last entry.
  for (let k = depth - 2; k >= 0; k--)
    nodeHashInto(stack, k * HASH_SIZE, stack, (k + 1) * HASH_SIZE, stack, k * HASH_SIZE);
  return Uint8Array.from(stack.subarray(0, HASH_SIZE));
};

/** The node ids a frontier of `size` consists of, to rebuild it from a node store. */
export const frontierNodeIds = (size: number): NodeId[] => rangeNodes(0, size);

export const frontierFromNodes = (size: number, hashes: readonly Uint8Array[]): Frontier => {
  if (hashes.length !== frontierNodeIds(size).length)
    throw new RangeError(`a frontier of ${size} has a different node count`);
  return { size, hashes: hashes.slice() };
};
