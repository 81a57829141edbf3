/** The store's part of witnessing: cosignatures kept per checkpoint, read per customer log. */

export interface CosignatureRow {
  readonly treeSize: number;
  /** The witness's vkey (name, key id and key), as configured. */
  readonly witness: string;
  /** The witness's timestamp, POSIX seconds. */
  readonly cosignedAt: number;
  /** The signature line, as the witness returned it (without the final newline). */
  readonly line: string;
  readonly recordedAt: string;
}

export interface CosignatureReads {
  /** Every cosignature of the checkpoint at this size, oldest first. */
  cosignaturesAt(treeSize: number): Promise<readonly CosignatureRow[]>;
  /** The largest size any witness cosigned, and the newest cosignature time of all. */
  latestCosigned(): Promise<{ readonly treeSize: number; readonly newestAt: number } | undefined>;
  /** The largest size this witness cosigned. */
  lastCosignedBy(witness: string): Promise<number | undefined>;
  /** The smallest cosigned size at or above `size`. */
  firstCosignedFrom(size: number): Promise<number | undefined>;
}

export interface CosignatureWrites {
  /** Stores a cosignature; the same one twice is a no-op. */
  insertCosignature(row: CosignatureRow): Promise<void>;
}
