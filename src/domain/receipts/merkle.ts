/**
 * RFC 6962 Merkle tree hashing and proofs (RFC 9162 section 2.1 verification algorithms).
 *
 * Storage model: a tree is read through perfect subtrees. Node (level, index) is the root of the perfect
 * subtree over leaves [index * 2^level, (index + 1) * 2^level); level 0 is the leaf hash. Every subtree
 * an RFC 6962 proof needs is a run of such nodes with decreasing sizes, so a proof costs O(log n) node
 * reads when the nodes are stored (see Frontier: each append yields the nodes it completes), and O(n)
 * hashing at worst when only leaf hashes are at hand (leafNodeReader).
 */
import { createHash, hash } from 'node:crypto';

export const HASH_SIZE = 32;

/** MTH of the empty tree: SHA-256 of the empty string. */
export const EMPTY_ROOT: Uint8Array = createHash('sha256').digest();

const LEAF_PREFIX = new Uint8Array([0]);

/** SHA-256(0x00 || leaf). */
export const leafHash = (leaf: Uint8Array): Uint8Array =>
  createHash('sha256').update(LEAF_PREFIX).update(leaf).digest();

/** SHA-256(0x01 || left || right). */
// hash() reads its input synchronously, so one scratch buffer serves every call.
const NODE_INPUT = Buffer.alloc(1 + 2 * HASH_SIZE, 1);

export const nodeHash = (left: Uint8Array, right: Uint8Array): Uint8Array => {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    return createHash('sha256').update(NODE_INPUT.subarray(0, 1)).update(left).update(right).digest();
  }
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_SIZE);
  return hash('sha256', NODE_INPUT, 'buffer');
};

/**
 * nodeHash of the 32-byte hashes at `leftAt` in `left` and `rightAt` in `right`, written at `outAt` in
 * `out` (which may be either input): the digest comes back as 'binary' (Latin-1) text (one character a byte), which
 * costs about 1 µs less than the Buffer hash() would allocate.
 */
export const nodeHashInto = (
  left: Buffer,
  leftAt: number,
  right: Buffer,
  rightAt: number,
  out: Buffer,
  outAt: number,
): void => {
  left.copy(NODE_INPUT, 1, leftAt, leftAt + HASH_SIZE);
  right.copy(NODE_INPUT, 1 + HASH_SIZE, rightAt, rightAt + HASH_SIZE);
  out.write(hash('sha256', NODE_INPUT, 'binary'), outAt, 'binary');
};

export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** Returns the stored hash of node (level, index); must not be called for nodes beyond the tree. */
export type NodeReader = (level: number, index: number) => Uint8Array;

/** A half-open leaf range [begin, end) whose MTH is one element of a proof. */
export type LeafRange = readonly [begin: number, end: number];

const isSize = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

const floorLog2 = (n: number): number => {
  if (n < 2 ** 32) return 31 - Math.clz32(n);
  let l = 32;
  while (2 ** (l + 1) <= n) l++;
  return l;
};

/** The largest power of two strictly smaller than n (n >= 2): RFC 6962's split point k. */
const splitPoint = (n: number): number => 2 ** floorLog2(n - 1);

/** The perfect subtrees of [begin, end), left to right, largest first; begin must be aligned for that. */
export const rangeNodes = (begin: number, end: number): NodeId[] => {
  const out: NodeId[] = [];
  let at = begin;
  while (at < end) {
    const level = floorLog2(end - at);
    const width = 2 ** level;
    if (at % width !== 0) throw new RangeError(`range [${begin}, ${end}) is not a subtree of an RFC 6962 tree`);
    out.push({ level, index: at / width });
    at += width;
  }
  return out;
};

/** MTH(D[begin:end]) from stored perfect subtrees: the right fold nodeHash(n1, nodeHash(n2, ... nk)). */
const rangeHash = (begin: number, end: number, read: NodeReader): Uint8Array => {
  if (begin === end) return EMPTY_ROOT;
  const nodes = rangeNodes(begin, end);
  let i = nodes.length - 1;
  const last = nodes[i];
  if (last === undefined) throw new RangeError('empty range');
  let acc = read(last.level, last.index);
  while (--i >= 0) {
    const n = nodes[i] as NodeId;
    acc = nodeHash(read(n.level, n.index), acc);
  }
  return acc;
};

/** The ranges whose hashes form the audit path of leaf `index` in a tree of `size` (RFC 6962 PATH), leaf upward. */
export const inclusionRanges = (index: number, size: number): LeafRange[] => {
  if (!isSize(size) || !isSize(index) || index >= size) throw new RangeError(`no leaf ${index} in a tree of ${size}`);
  const out: LeafRange[] = [];
  let begin = 0;
  let end = size;
  while (end - begin > 1) {
    const k = splitPoint(end - begin);
    if (index < begin + k) {
      out.push([begin + k, end]);
      end = begin + k;
    } else {
      out.push([begin, begin + k]);
      begin += k;
    }
  }
  return out.reverse();
};

/** The ranges of the consistency proof from size1 to size2 (RFC 6962 PROOF / SUBPROOF), 0 < size1 <= size2. */
export const consistencyRanges = (size1: number, size2: number): LeafRange[] => {
  if (!isSize(size1) || !isSize(size2) || size1 === 0 || size1 > size2) {
    throw new RangeError(`no consistency proof from ${size1} to ${size2}`);
  }
  const out: LeafRange[] = [];
  let begin = 0;
  let end = size2;
  let m = size1;
  let complete = true;
  while (m !== end - begin) {
    const k = splitPoint(end - begin);
    if (m <= k) {
      out.push([begin + k, end]);
      end = begin + k;
    } else {
      out.push([begin, begin + k]);
      begin += k;
      m -= k;
      complete = false;
    }
  }
  if (!complete) out.push([begin, end]);
  return out.reverse();
};

/** Every node a list of ranges reads, for fetching them in one batch from an asynchronous store. */
export const neededNodes = (ranges: readonly LeafRange[]): NodeId[] => ranges.flatMap(([b, e]) => rangeNodes(b, e));

export const proofFromRanges = (ranges: readonly LeafRange[], read: NodeReader): Uint8Array[] =>
  ranges.map(([b, e]) => rangeHash(b, e, read));

export const inclusionProof = (index: number, size: number, read: NodeReader): Uint8Array[] =>
  proofFromRanges(inclusionRanges(index, size), read);

export const consistencyProof = (size1: number, size2: number, read: NodeReader): Uint8Array[] =>
  proofFromRanges(consistencyRanges(size1, size2), read);

/** MTH of the first `size` leaves. */
export const rootOf = (size: number, read: NodeReader): Uint8Array => rangeHash(0, size, read);

/**
 * A NodeReader over leaf hashes alone: node (level, index) is recomputed from its 2^level leaves.
 * A root or proof then costs O(n) hashes; use stored nodes (Frontier, MemoryTree) for O(log n).
 */
export const leafNodeReader = (leafHashAt: (index: number) => Uint8Array): NodeReader => {
  const read = (level: number, index: number): Uint8Array =>
    level === 0 ? leafHashAt(index) : nodeHash(read(level - 1, 2 * index), read(level - 1, 2 * index + 1));
  return read;
};
