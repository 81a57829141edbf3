/**
 * The store port. Services see repositories, never SQL, so a non-SQL adapter (Firestore, on the
 * roadmap) can implement the same interface. Every write happens inside `transaction`, so a change,
 * its receipt and its audit event commit together or not at all.
 */
import type { ApiKey, Contract, Customer, Mode, Scope } from '../../domain/customer/types.ts';

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

/** Reads and writes that belong to one customer. Every query is filtered by that customer's id. */
export interface CustomerScope {
  readonly customerId: string;
  get(): Promise<Customer | undefined>;
  currentContract(): Promise<Contract | undefined>;
  pricingVersions(): Promise<readonly PricingVersionRow[]>;
  pricingVersion(version: number): Promise<PricingVersionRow | undefined>;
  apiKeys(): Promise<readonly ApiKey[]>;
}

export interface CustomerScopeWriter extends CustomerScope {
  /** Serializes this customer's writes until the transaction ends (no double reservation, no forked log). */
  lock(): Promise<void>;
  setMode(mode: Mode, at: string): Promise<void>;
  insertApiKey(key: ApiKey, secretHash: string): Promise<void>;
  /** True when a live key was revoked; false when unknown, another customer's, or already revoked. */
  revokeApiKey(keyId: string, at: string): Promise<boolean>;
  insertContract(contract: Contract): Promise<void>;
  /** Stores the next immutable pricing version and returns its number (1, 2, ...). */
  insertPricingVersion(effectiveFrom: string, document: unknown, at: string): Promise<number>;
}

export interface StoreReader {
  listCustomers(page: PageQuery): Promise<Page<Customer>>;
  forCustomer(customerId: string): CustomerScope;
  /** For authentication only: the key and its stored hash, whatever its customer. */
  apiKeyForAuth(keyId: string): Promise<ApiKeyAuthRow | undefined>;
  getSetting(name: string): Promise<string | undefined>;
}

export interface StoreTx extends StoreReader {
  insertCustomer(customer: Customer): Promise<void>;
  forCustomer(customerId: string): CustomerScopeWriter;
  putSetting(name: string, value: string): Promise<void>;
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
  /** Records that a key was used. Best effort, outside request transactions. */
  touchApiKey(keyId: string, at: string): Promise<void>;
  migrationStatus(): Promise<MigrationStatus>;
  /** A trivial round trip, for deep health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type ScopeList = readonly Scope[];
