/** A growable run of 32-byte hashes (leaf hashes, checkpoint roots), packed in one buffer. */
import { HASH_SIZE } from '../receipts/merkle.ts';

export class PackedHashes {
  #buf = new Uint8Array(16 * HASH_SIZE);
  #count = 0;

  get count(): number {
    return this.#count;
  }

  push(hash: Uint8Array): void {
    if (hash.length !== HASH_SIZE) throw new RangeError('a hash is 32 bytes');
    if ((this.#count + 1) * HASH_SIZE > this.#buf.length) {
      const grown = new Uint8Array(this.#buf.length * 2);
      grown.set(this.#buf);
      this.#buf = grown;
    }
    this.#buf.set(hash, this.#count * HASH_SIZE);
    this.#count++;
  }

  at(i: number): Uint8Array {
    return this.#buf.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
  }

  /** All of them, contiguous (a view, not a copy). */
  all(): Uint8Array {
    return this.#buf.subarray(0, this.#count * HASH_SIZE);
  }
}
