/** Row shapes as both SQL dialects return them (TEXT, INTEGER, BIGINT parsed as number) and their mapping to domain types. */
import type { ApiKey, Contract, Customer, Mode, Scope } from '../../../domain/customer/types.ts';
import type { PricingVersionRow } from '../interface.ts';

export interface CustomerRow {
  id: string;
  name: string;
  contact_email: string;
  mode: string;
  created_at: string;
  updated_at: string;
}

export const toCustomer = (r: CustomerRow): Customer => ({
  id: r.id,
  name: r.name,
  contactEmail: r.contact_email,
  mode: r.mode as Mode,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface ApiKeyRow {
  id: string;
  customer_id: string;
  scopes: string;
  secret_hash: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export const toApiKey = (r: ApiKeyRow): ApiKey => ({
  id: r.id,
  customerId: r.customer_id,
  scopes: JSON.parse(r.scopes) as Scope[],
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

export interface ContractRow {
  id: string;
  customer_id: string;
  document: string;
  signature: string;
  recorded_at: string;
}

export const toContract = (r: ContractRow): Contract => ({
  id: r.id,
  customerId: r.customer_id,
  document: JSON.parse(r.document) as Contract['document'],
  signature: JSON.parse(r.signature) as Contract['signature'],
  recordedAt: r.recorded_at,
});

export interface PricingRow {
  customer_id: string;
  version: number;
  effective_from: string;
  document: string;
  created_at: string;
  frozen_at: string | null;
}

export const toPricing = (r: PricingRow): PricingVersionRow => ({
  customerId: r.customer_id,
  version: Number(r.version),
  effectiveFrom: r.effective_from,
  document: JSON.parse(r.document) as unknown,
  createdAt: r.created_at,
  frozenAt: r.frozen_at,
});
