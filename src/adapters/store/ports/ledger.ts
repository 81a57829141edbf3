/** A customer's receipt log: receipts, the Merkle tree's nodes, the log head and signed checkpoints. */

/** The head of a customer's receipt log: its size, the compact-range frontier (hex) and the last leaf hash. */
export interface ReceiptLogHead {
  readonly size: number;
  readonly frontier: readonly string[];
  readonly lastLeafHash: string;
  /** The last receipt's id and issue time; null for an empty log (and for heads stored before they were kept). */
  readonly last: { readonly id: string; readonly issuedAt: string } | null;
}

/** A receipt as stored: the canonical body text exactly as signed, so verification never re-serializes. */
export interface StoredReceipt {
  readonly customerId: string;
  readonly logIndex: number;
  readonly id: string;
  readonly kind: string;
  readonly issuedAt: string;
  readonly body: string;
  readonly signature: string;
  readonly leafHash: string;
}

export interface TreeNode {
  readonly level: number;
  readonly index: number;
  readonly hash: string;
}

export interface CheckpointRow {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly note: string;
  readonly createdAt: string;
}

export interface ReceiptQuery {
  readonly limit: number;
  /** Only receipts with a log index above this one (paging). */
  readonly afterIndex?: number | undefined;
  readonly kind?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface LedgerReads {
  receiptHead(): Promise<ReceiptLogHead | undefined>;
  receipts(query: ReceiptQuery): Promise<readonly StoredReceipt[]>;
  receiptById(id: string): Promise<StoredReceipt | undefined>;
  /** Receipts with begin <= logIndex < end, in order. */
  receiptRange(begin: number, end: number): Promise<readonly StoredReceipt[]>;
  treeNodes(ids: readonly { level: number; index: number }[]): Promise<readonly TreeNode[]>;
  latestCheckpoint(): Promise<CheckpointRow | undefined>;
  checkpointAt(treeSize: number): Promise<CheckpointRow | undefined>;
}

export interface LedgerWrites {
  /**
   * Appends one receipt with the tree nodes it completed and the log's new head. The level-0 node is the
   * receipt's leaf hash and is kept only in the receipt's row; treeNodes serves it from there.
   */
  appendReceipt(receipt: StoredReceipt, nodes: readonly TreeNode[], head: Omit<ReceiptLogHead, 'last'>): Promise<void>;
  /** Stores a signed checkpoint; one of the same tree size already stored is refused (no forks). */
  insertCheckpoint(checkpoint: CheckpointRow): Promise<void>;
}
