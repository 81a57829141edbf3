/**
 * The store port. Services see repositories, never SQL, so a non-SQL adapter (Firestore, on the
 * roadmap) can implement the same interface. Every write happens inside `transaction`, so a change,
 * its receipt and its audit event commit together or not at all.
 */
import type { ApiKey, Contract, Customer, Mode, Scope } from '../../domain/customer/types.ts';
import type { CosignatureReads, CosignatureWrites } from './cosignatures.ts';

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass as `after` to get the next page; null on the last page. */
  readonly next: string | null;
}

export interface PageQuery {
  readonly limit: number;
  readonly after?: string | undefined;
}

export interface PricingVersionRow {
  readonly customerId: string;
  readonly version: number;
  readonly effectiveFrom: string;
  readonly document: unknown;
  readonly createdAt: string;
  readonly frozenAt: string | null;
}

export interface ApiKeyAuthRow {
  readonly key: ApiKey;
  readonly secretHash: string;
}

/** The head of a customer's receipt log: its size, the compact-range frontier (hex) and the last leaf hash. */
export interface ReceiptLogHead {
  readonly size: number;
  readonly frontier: readonly string[];
  readonly lastLeafHash: string;
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

export interface AuditRow {
  readonly seq: number;
  readonly id: string;
  readonly at: string;
  readonly type: string;
  readonly actor: string;
  readonly customerPseudonym: string | null;
  readonly outcome: string;
  /** Canonical JSON text. */
  readonly details: string;
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditQuery {
  readonly limit: number;
  readonly afterSeq?: number | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly type?: string | undefined;
  readonly customerPseudonym?: string | undefined;
  readonly outcome?: string | undefined;
}

export interface AuditAnchorRow {
  readonly throughSeq: number;
  readonly lastHash: string;
  /** The signed anchor document (JSON text). */
  readonly anchor: string;
  readonly createdAt: string;
}

export interface IdempotencyRecord {
  readonly key: string;
  readonly fingerprint: string;
  readonly state: 'in_flight' | 'done';
  readonly statusCode: number | null;
  /** The first response's body (JSON text) once done. */
  readonly response: string | null;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** The lifecycle record as stored: opaque JSON to the store, versioned, with its wake time indexed. */
export interface LifecycleRow {
  readonly customerId: string;
  readonly record: unknown;
  readonly version: number;
  readonly wakeAt: number | null;
}

export interface OutboxMessage {
  readonly id: string;
  readonly type: string;
  readonly customerId: string | null;
  /** One logical notification is enqueued once, whatever retries happen. */
  readonly dedupeKey: string;
  readonly payload: unknown;
  readonly createdAt: string;
}

export interface Listing {
  readonly id: string;
  readonly customerId: string;
  readonly pricingVersion: number;
  readonly segment: string;
  readonly visibility: 'public' | 'private' | 'unlisted';
  readonly authority: string;
  readonly insurance: unknown;
  readonly receiptId: string;
  readonly createdAt: string;
}

export type DeploymentState = 'reserved' | 'running' | 'succeeded' | 'failed' | 'rolled_back' | 'removed';

export interface Deployment {
  readonly id: string;
  readonly customerId: string;
  readonly contractReference: string;
  readonly target: string;
  readonly capacityUnits: number;
  readonly artifact: string;
  readonly parameters: Readonly<Record<string, string | number | boolean>>;
  readonly state: DeploymentState;
  readonly authority: string;
  readonly insurance: unknown;
  readonly outcome: unknown;
  /** Receipt ids in issue order: acceptance, completion, removal. */
  readonly receipts: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Public catalog entry: no private data. */
export interface CatalogEntry {
  readonly listingId: string;
  readonly seller: string;
  readonly segment: string;
  readonly pricingVersion: number;
  readonly pricing: unknown;
  readonly insured: boolean;
  readonly publishedAt: string;
}

/** Reads and writes that belong to one customer. Every query is filtered by that customer's id. */
export interface CustomerScope extends CosignatureReads {
  readonly customerId: string;
  get(): Promise<Customer | undefined>;
  currentContract(): Promise<Contract | undefined>;
  pricingVersions(): Promise<readonly PricingVersionRow[]>;
  /** Version numbers and effective dates only: cheap, for choosing the version in force. */
  pricingVersionIndex(): Promise<readonly { readonly version: number; readonly effectiveFrom: string }[]>;
  pricingVersion(version: number): Promise<PricingVersionRow | undefined>;
  apiKeys(): Promise<readonly ApiKey[]>;
  receiptHead(): Promise<ReceiptLogHead | undefined>;
  receipts(query: ReceiptQuery): Promise<readonly StoredReceipt[]>;
  receiptById(id: string): Promise<StoredReceipt | undefined>;
  /** Receipts with begin <= logIndex < end, in order. */
  receiptRange(begin: number, end: number): Promise<readonly StoredReceipt[]>;
  treeNodes(ids: readonly { level: number; index: number }[]): Promise<readonly TreeNode[]>;
  latestCheckpoint(): Promise<CheckpointRow | undefined>;
  checkpointAt(treeSize: number): Promise<CheckpointRow | undefined>;
  lifecycle(): Promise<LifecycleRow | undefined>;
  listings(page: PageQuery): Promise<Page<Listing>>;
  deployments(page: PageQuery): Promise<Page<Deployment>>;
  deployment(id: string): Promise<Deployment | undefined>;
  /** How many deployments hold capacity (reserved, running or succeeded) and how much they hold. */
  activeDeploymentUsage(): Promise<{ readonly count: number; readonly capacityUnits: number }>;
}

export interface CustomerScopeWriter extends CustomerScope, CosignatureWrites {
  /** Serializes this customer's writes until the transaction ends (no double reservation, no forked log). */
  lock(): Promise<void>;
  setMode(mode: Mode, at: string): Promise<void>;
  insertApiKey(key: ApiKey, secretHash: string): Promise<void>;
  /** True when a live key was revoked; false when unknown, another customer's, or already revoked. */
  revokeApiKey(keyId: string, at: string): Promise<boolean>;
  insertContract(contract: Contract): Promise<void>;
  /** Stores the next immutable pricing version and returns its number (1, 2, ...). */
  insertPricingVersion(effectiveFrom: string, document: unknown, at: string): Promise<number>;
  /**
   * Saves the lifecycle record if its stored version is still `expectedVersion` (0: none stored yet).
   * False when another writer got there first: reload and re-run the transition.
   */
  saveLifecycle(row: LifecycleRow, expectedVersion: number, at: string): Promise<boolean>;
  archiveCertificate(certificateId: string, document: unknown, replacedBy: string | null, at: string): Promise<void>;
  /** Sets frozen_at once; a frozen version can never change again (the database enforces it). */
  freezePricingVersion(version: number, at: string): Promise<void>;
  insertListing(listing: Listing): Promise<void>;
  insertDeployment(deployment: Deployment): Promise<void>;
  /** Moves a deployment from `from` to its new state; false when it was no longer in `from`. */
  updateDeployment(deployment: Deployment, from: DeploymentState): Promise<boolean>;
  /** Inserts an in-flight record; false when the key already exists (nothing changed). */
  claimIdempotencyKey(record: IdempotencyRecord): Promise<boolean>;
  idempotencyKey(key: string): Promise<IdempotencyRecord | undefined>;
  completeIdempotencyKey(key: string, statusCode: number, response: string): Promise<void>;
  /** Removes a record so the key can be used again (expired, abandoned, or a retryable failure). */
  releaseIdempotencyKey(key: string): Promise<void>;
  /**
   * Appends one receipt with the tree nodes it completed and the log's new head. The level-0 node is the
   * receipt's leaf hash and is kept only in the receipt's row; treeNodes serves it from there.
   */
  appendReceipt(receipt: StoredReceipt, nodes: readonly TreeNode[], head: ReceiptLogHead): Promise<void>;
  /** Stores a signed checkpoint; one of the same tree size already stored is refused (no forks). */
  insertCheckpoint(checkpoint: CheckpointRow): Promise<void>;
}

export interface StoreReader {
  listCustomers(page: PageQuery): Promise<Page<Customer>>;
  forCustomer(customerId: string): CustomerScope;
  /** For authentication only: the key and its stored hash, whatever its customer. */
  apiKeyForAuth(keyId: string): Promise<ApiKeyAuthRow | undefined>;
  getSetting(name: string): Promise<string | undefined>;
  auditEvents(query: AuditQuery): Promise<readonly AuditRow[]>;
  /** All audit rows from `fromSeq` on, in order (verification). */
  auditRange(fromSeq: number, limit: number): Promise<readonly AuditRow[]>;
  auditHead(): Promise<{ seq: number; hash: string } | undefined>;
  latestAuditAnchor(): Promise<AuditAnchorRow | undefined>;
  /** Lifecycle records whose wake time has come (the scheduler's work), earliest first. */
  dueLifecycles(nowMs: number, limit: number): Promise<readonly LifecycleRow[]>;
  /** Every lifecycle record (status pages); paged by customer id. */
  lifecycles(page: PageQuery): Promise<Page<LifecycleRow>>;
  /** The earliest wake time of all records, to arm the scheduler's timer. */
  nextWake(): Promise<number | null>;
  pendingNotifications(limit: number): Promise<readonly OutboxMessage[]>;
  /** Public listings of every customer, newest first. */
  catalog(page: PageQuery): Promise<Page<CatalogEntry>>;
}

export interface StoreTx extends StoreReader {
  insertCustomer(customer: Customer): Promise<void>;
  forCustomer(customerId: string): CustomerScopeWriter;
  putSetting(name: string, value: string): Promise<void>;
  /** False when a message with the same dedupe key was already enqueued. */
  enqueueNotification(message: OutboxMessage): Promise<boolean>;
  /** Appends to the global audit chain; callers serialize through lockAudit(). */
  appendAudit(row: AuditRow): Promise<void>;
  lockAudit(): Promise<void>;
  /** Records the anchor, then deletes audit rows with seq <= throughSeq. Returns how many were deleted. */
  pruneAudit(anchor: AuditAnchorRow): Promise<number>;
  /** Deletes up to `limit` idempotency records, any customer's, that expired at or before `atOrBefore`. */
  deleteExpiredIdempotencyKeys(atOrBefore: string, limit: number): Promise<number>;
  /**
   * Registers work to run once at the end of this transaction, after the caller's function and before
   * COMMIT, in the same transaction. Registering under a key already registered replaces the earlier
   * work, so many changes can share one piece of closing work (one checkpoint signature for all the
   * receipts a batch appends to a log). Work registered by a transaction that rolls back never runs.
   * SQLite's group commit shares one database transaction among the batched callers: there the work
   * runs once per batch, and a caller rolled back to its savepoint takes its registrations with it.
   * Work that throws rolls the whole transaction (or batch) back.
   */
  beforeCommit(key: string, work: () => Promise<void>): void;
}

export interface MigrationStatus {
  readonly current: number;
  readonly latest: number;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Runs fn in one transaction. It commits when fn resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Runs fn against committed data, outside any transaction. */
  read<T>(fn: (r: StoreReader) => Promise<T>): Promise<T>;
  /** One customer's reads against committed data, outside any transaction. */
  scope(customerId: string): CustomerScope;
  /** Records that a key was used. Best effort, outside request transactions. */
  touchApiKey(keyId: string, at: string): Promise<void>;
  migrationStatus(): Promise<MigrationStatus>;
  /** A trivial round trip, for deep health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type ScopeList = readonly Scope[];
