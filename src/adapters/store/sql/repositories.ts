/** The repositories, written once over SqlConn and shared by the SQLite and PostgreSQL adapters. */
import { memoized } from '../../../domain/shared/memo.ts';
import { pageOf } from './page.ts';
import type { ApiKey, Contract, Customer, Mode } from '../../../domain/customer/types.ts';
import type { CustomerScopeWriter, Page, PageQuery, StoreTx } from '../interface.ts';
import { auditReads, auditWrites } from './audit-repo.ts';
import type { SqlConn } from './conn.ts';
import { deliveryReads, deliveryWrites } from './delivery-repo.ts';
import { idempotencyGlobal, idempotencyRepo } from './idempotency-repo.ts';
import { lifecycleGlobal, lifecycleScoped } from './lifecycle-repo.ts';
import { operationsGlobal, operationsScoped } from './operations-repo.ts';
import { ledgerReads, ledgerWrites } from './ledger-repo.ts';
import { revenueCloseWrites, revenueGlobal, revenueScoped } from './revenue-repo.ts';
import { cosignatureReads, cosignatureWrites } from './cosignature-repo.ts';
import { instanceReads, instanceWrites } from './instance-repo.ts';
import { sessionReads, sessionWrites } from './session-repo.ts';
import { templateReads, templateWrites } from './template-repo.ts';
import { usageReads, usageWrites } from './usage-repo.ts';
import { opsReads } from './ops-repo.ts';
import {
  toApiKey,
  toContract,
  toCustomer,
  toPricing,
  type ApiKeyRow,
  type ContractRow,
  type CustomerRow,
  type PricingRow,
} from './rows.ts';

const customerScope = (db: SqlConn, customerId: string): CustomerScopeWriter => ({
  customerId,
  ...ledgerReads(db, customerId),
  ...ledgerWrites(db, customerId),
  ...cosignatureReads(db, customerId),
  ...cosignatureWrites(db, customerId),
  ...idempotencyRepo(db, customerId),
  ...lifecycleScoped(db, customerId),
  ...operationsScoped(db, customerId),
  ...revenueScoped(db, customerId),
  lock: () => db.lock(`customer:${customerId}`),
  async get() {
    const r = await db.get<CustomerRow>('SELECT * FROM customers WHERE id = ?', [customerId]);
    return r && toCustomer(r);
  },
  async currentContract() {
    const r = await db.get<ContractRow>(
      'SELECT * FROM contracts WHERE customer_id = ? ORDER BY recorded_at DESC, id DESC LIMIT 1',
      [customerId],
    );
    return r && toContract(r);
  },
  async pricingVersions() {
    const rows = await db.all<PricingRow>('SELECT * FROM pricing_versions WHERE customer_id = ? ORDER BY version', [
      customerId,
    ]);
    return rows.map(toPricing);
  },
  async pricingVersionIndex() {
    const rows = await db.all<{ version: number; effective_from: string }>(
      'SELECT version, effective_from FROM pricing_versions WHERE customer_id = ? ORDER BY version',
      [customerId],
    );
    return rows.map((r) => ({ version: Number(r.version), effectiveFrom: r.effective_from }));
  },
  async pricingVersion(version: number) {
    const r = await db.get<PricingRow>('SELECT * FROM pricing_versions WHERE customer_id = ? AND version = ?', [
      customerId,
      version,
    ]);
    return r && toPricing(r);
  },
  async apiKeys() {
    const rows = await db.all<ApiKeyRow>('SELECT * FROM api_keys WHERE customer_id = ? ORDER BY id', [customerId]);
    return rows.map(toApiKey);
  },
  async setMode(mode: Mode, at: string) {
    await db.run('UPDATE customers SET mode = ?, updated_at = ? WHERE id = ?', [mode, at, customerId]);
  },
  async insertApiKey(key: ApiKey, secretHash: string) {
    await db.run(
      'INSERT INTO api_keys (id, customer_id, scopes, secret_hash, created_at, revoked_at, last_used_at) VALUES (?, ?, ?, ?, ?, NULL, NULL)',
      [key.id, customerId, JSON.stringify(key.scopes), secretHash, key.createdAt],
    );
  },
  async revokeApiKey(keyId: string, at: string) {
    const changed = await db.run(
      'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND customer_id = ? AND revoked_at IS NULL',
      [at, keyId, customerId],
    );
    return changed > 0;
  },
  async insertContract(contract: Contract) {
    await db.run(
      'INSERT INTO contracts (id, customer_id, reference, document, signature, recorded_at) VALUES (?, ?, ?, ?, ?, ?)',
      [
        contract.id,
        customerId,
        contract.document.reference,
        JSON.stringify(contract.document),
        JSON.stringify(contract.signature),
        contract.recordedAt,
      ],
    );
  },
  async insertPricingVersion(effectiveFrom: string, document: unknown, at: string) {
    await db.lock(`customer:${customerId}`);
    const last = await db.get<{ v: number | null }>(
      'SELECT MAX(version) AS v FROM pricing_versions WHERE customer_id = ?',
      [customerId],
    );
    const version = Number(last?.v ?? 0) + 1;
    await db.run(
      'INSERT INTO pricing_versions (customer_id, version, effective_from, document, created_at, frozen_at) VALUES (?, ?, ?, ?, ?, NULL)',
      [customerId, version, effectiveFrom, JSON.stringify(document), at],
    );
    return version;
  },
});

const listCustomers = async (db: SqlConn, page: PageQuery): Promise<Page<Customer>> => {
  const rows = page.after
    ? await db.all<CustomerRow>('SELECT * FROM customers WHERE id > ? ORDER BY id LIMIT ?', [
        page.after,
        page.limit + 1,
      ])
    : await db.all<CustomerRow>('SELECT * FROM customers ORDER BY id LIMIT ?', [page.limit + 1]);
  return pageOf(rows, page, toCustomer, (c) => c.id);
};

/** Tamper tests reach the raw connection under this symbol, as an attacker with database access would. */
export const RAW_CONN = Symbol('tai.rawConnection');

const SCOPES_KEPT = 1_000;

/** How an adapter collects StoreTx.beforeCommit work; the read-only binding refuses it. */
export type BeforeCommit = StoreTx['beforeCommit'];
const notInTransaction: BeforeCommit = () => {
  throw new Error('beforeCommit needs a transaction');
};

/** Binds every repository to one connection: the transaction's, or the read connection. */
export const bindRepositories = (
  db: SqlConn,
  beforeCommit: BeforeCommit = notInTransaction,
): StoreTx & { readonly [RAW_CONN]: SqlConn } => {
  // A scope is some forty closures over (db, customerId) and holds no state of its own, so one per
  // customer is reused: a request asked for its customer's several times.
  const scopeOf = memoized(SCOPES_KEPT, (customerId) => customerScope(db, customerId));
  return {
    [RAW_CONN]: db,
    beforeCommit,
    ...auditReads(db),
    ...auditWrites(db),
    ...lifecycleGlobal(db),
    ...deliveryReads(db),
    ...deliveryWrites(db),
    ...operationsGlobal(db),
    ...idempotencyGlobal(db),
    ...revenueGlobal(db),
    ...instanceReads(db),
    ...instanceWrites(db),
    ...templateReads(db),
    ...templateWrites(db),
    ...usageReads(db),
    ...usageWrites(db),
    ...sessionReads(db),
    ...sessionWrites(db),
    ...revenueCloseWrites(db),
    ...opsReads(db),
    listCustomers: (page) => listCustomers(db, page),
    customerModes: () => db.all<{ id: string; mode: Mode }>('SELECT id, mode FROM customers'),
    forCustomer: scopeOf,
    async apiKeyForAuth(keyId) {
      const r = await db.get<ApiKeyRow>('SELECT * FROM api_keys WHERE id = ?', [keyId]);
      return r && { key: toApiKey(r), secretHash: r.secret_hash };
    },
    async getSetting(name) {
      const r = await db.get<{ value: string }>('SELECT value FROM settings WHERE name = ?', [name]);
      return r?.value;
    },
    async insertCustomer(c: Customer) {
      await db.run(
        'INSERT INTO customers (id, name, contact_email, mode, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
        [c.id, c.name, c.contactEmail, c.mode, c.createdAt, c.updatedAt],
      );
    },
    async putSetting(name, value) {
      await db.run(
        'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
        [name, value],
      );
    },
  };
};
