/**
 * The store port, split by aggregate (ports/*.ts: customers and keys, contracts and pricing, ledger,
 * audit, lifecycle, operations, idempotency, outbox, settings) and composed here into what a customer
 * scope, a reader and a transaction offer. Services see repositories, never SQL, so a non-SQL adapter can
 * implement the same interfaces; a service that needs one aggregate may ask for just its interface. Every
 * write happens inside `transaction`, so a change, its receipt and its audit event commit together or not
 * at all.
 */
import type { AuditReads, AuditWrites } from './ports/audit.ts';
import type { ContractReads, ContractWrites } from './ports/contracts.ts';
import type { CosignatureReads, CosignatureWrites } from './ports/cosignatures.ts';
import type { DeliveryReads, DeliveryWrites } from './ports/delivery.ts';
import type { CustomerReads, CustomersGlobalReads, CustomersGlobalWrites, CustomerWrites } from './ports/customers.ts';
import type { IdempotencyGlobalWrites, IdempotencyWrites } from './ports/idempotency.ts';
import type { LedgerReads, LedgerWrites } from './ports/ledger.ts';
import type { LifecycleGlobalReads, LifecycleReads, LifecycleWrites } from './ports/lifecycle.ts';
import type { OperationsGlobalReads, OperationsReads, OperationsWrites } from './ports/operations.ts';
import type { OutboxReads, OutboxWrites } from './ports/outbox.ts';
import type { RevenueCloseWrites, RevenueReader, RevenueScope, RevenueScopeWriter } from './ports/revenue.ts';
import type { OpsSessionReads, OpsSessionWrites } from './ports/sessions.ts';
import type { SettingsReads, SettingsWrites } from './ports/settings.ts';
import type { InstanceReads, InstanceWrites } from './ports/instances.ts';
import type { TemplateReads, TemplateWrites } from './ports/templates.ts';
import type { UsageReads, UsageWrites } from './ports/usage.ts';

export type { AuditAnchorRow, AuditQuery, AuditRow } from './ports/audit.ts';
export type { Page, PageQuery } from './ports/common.ts';
export type { PricingVersionRow } from './ports/contracts.ts';
export type { IdempotencyRecord } from './ports/idempotency.ts';
export type { CheckpointRow, ReceiptLogHead, ReceiptQuery, StoredReceipt, TreeNode } from './ports/ledger.ts';
export type { LifecycleRow } from './ports/lifecycle.ts';
export type { CatalogEntry } from './ports/operations.ts';
export type { OutboxMessage, OutboxWrites } from './ports/outbox.ts';
export type { AttemptEnd, AttemptRow, DeliveryQuery, DeliveryRow, NewDelivery } from './ports/delivery.ts';
export type { OwnedWorkRow, WorkHold, WorkKind } from './ports/instances.ts';

/** Reads that belong to one customer. Every query is filtered by that customer's id. */
export interface CustomerScope
  extends CustomerReads, ContractReads, LedgerReads, LifecycleReads, OperationsReads, RevenueScope, CosignatureReads {
  readonly customerId: string;
}

export interface CustomerScopeWriter
  extends
    CustomerScope,
    CustomerWrites,
    ContractWrites,
    LedgerWrites,
    LifecycleWrites,
    OperationsWrites,
    IdempotencyWrites,
    RevenueScopeWriter,
    CosignatureWrites {
  /** Serializes this customer's writes until the transaction ends (no double reservation, no forked log). */
  lock(): Promise<void>;
}

export interface StoreReader
  extends
    CustomersGlobalReads,
    SettingsReads,
    AuditReads,
    LifecycleGlobalReads,
    OutboxReads,
    DeliveryReads,
    OperationsGlobalReads,
    RevenueReader,
    InstanceReads,
    TemplateReads,
    UsageReads,
    OpsSessionReads {
  forCustomer(customerId: string): CustomerScope;
}

export interface StoreTx
  extends
    StoreReader,
    CustomersGlobalWrites,
    SettingsWrites,
    AuditWrites,
    OutboxWrites,
    DeliveryWrites,
    IdempotencyGlobalWrites,
    InstanceWrites,
    TemplateWrites,
    UsageWrites,
    OpsSessionWrites,
    RevenueCloseWrites {
  forCustomer(customerId: string): CustomerScopeWriter;
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
