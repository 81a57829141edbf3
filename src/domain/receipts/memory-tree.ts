/**
 * An in-memory Merkle tree that keeps every perfect subtree node, one contiguous buffer per level
 * (about 64 bytes per leaf in all). Appends are amortized O(1); roots and proofs at any earlier size
 * are O(log n). Used by the bundle verifier and as the reference NodeReader in tests.
 */
import { HASH_SIZE, consistencyProof, inclusionProof, nodeHash, rootOf } from './merkle.ts';
import type { NodeReader } from './merkle.ts';

export class MemoryTree {
  #levels: Buffer[] = [];
  #counts: number[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  readonly read: NodeReader = (level, index) => {
    const buf = this.#levels[level];
    if (buf === undefined || index >= (this.#counts[level] ?? 0)) throw new RangeError(`no node (${level}, ${index})`);
    return buf.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  };

  append(leafHash: Uint8Array): void {
    if (leafHash.length !== HASH_SIZE) throw new RangeError('a leaf hash is 32 bytes');
    let h = leafHash;
    let index = this.#size;
    let level = 0;
    for (;;) {
      this.#put(level, index, h);
      if (index % 2 === 0) break;
      h = nodeHash(this.read(level, index - 1), h);
      index = (index - 1) / 2;
      level++;
    }
    this.#size++;
  }

  root(size: number = this.#size): Uint8Array {
    this.#check(size);
    return rootOf(size, this.read);
  }

  inclusionProof(index: number, size: number = this.#size): Uint8Array[] {
    this.#check(size);
    return inclusionProof(index, size, this.read);
  }

  consistencyProof(size1: number, size2: number = this.#size): Uint8Array[] {
    this.#check(size2);
    return consistencyProof(size1, size2, this.read);
  }

  #check(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.#size) {
      throw new RangeError(`tree has ${this.#size} leaves, not ${size}`);
    }
  }

  #put(level: number, index: number, h: Uint8Array): void {
    let buf = this.#levels[level];
    if (buf === undefined || buf.length < (index + 1) * HASH_SIZE) {
      const grown = Buffer.allocUnsafe(Math.max(16, 2 * (index + 1)) * HASH_SIZE);
      if (buf !== undefined) buf.copy(grown, 0, 0, index * HASH_SIZE);
      buf = grown;
      this.#levels[level] = buf;
    }
    buf.set(h, index * HASH_SIZE);
    this.#counts[level] = index + 1;
  }
}
