/** Customers and their API keys. */
import type { ApiKey, Customer, Mode } from '../../../domain/customer/types.ts';
import type { Page, PageQuery } from './common.ts';

export interface ApiKeyAuthRow {
  readonly key: ApiKey;
  readonly secretHash: string;
}

export interface CustomerReads {
  get(): Promise<Customer | undefined>;
  apiKeys(): Promise<readonly ApiKey[]>;
}

export interface CustomerWrites {
  setMode(mode: Mode, at: string): Promise<void>;
  insertApiKey(key: ApiKey, secretHash: string): Promise<void>;
  /** True when a live key was revoked; false when unknown, another customer's, or already revoked. */
  revokeApiKey(keyId: string, at: string): Promise<boolean>;
}

export interface CustomersGlobalReads {
  listCustomers(page: PageQuery): Promise<Page<Customer>>;
  /** Every customer's id and stored mode, unordered (the metrics scrape reads it). */
  customerModes(): Promise<readonly { readonly id: string; readonly mode: Mode }[]>;
  /** For authentication only: the key and its stored hash, whatever its customer. */
  apiKeyForAuth(keyId: string): Promise<ApiKeyAuthRow | undefined>;
}

export interface CustomersGlobalWrites {
  insertCustomer(customer: Customer): Promise<void>;
}
