/**
 * The revenue ledger's port: one customer's revenue terms versions and entries (read, and appended to
 * inside a transaction), and the cross-customer reads the daily close and the monthly report page
 * through. Both tables are append-only in the database itself.
 */
import type { RevenueEntry } from '../../../domain/revenue/types.ts';
import type { Page, PageQuery } from './common.ts';

/** One stored version of a contract's revenue terms; the document is the JSON as recorded. */
export interface RevenueTermsRow {
  readonly customerId: string;
  readonly version: number;
  readonly contractReference: string;
  readonly effectiveFrom: string;
  readonly document: unknown;
  readonly recordedAt: string;
}

export interface RevenueScope {
  /** Every version, in version order. */
  revenueTerms(): Promise<readonly RevenueTermsRow[]>;
  /** Every entry of this customer, in id (append) order. */
  revenueEntries(): Promise<readonly RevenueEntry[]>;
}

export interface RevenueScopeWriter extends RevenueScope {
  /** Stores the next version (1, 2, ...) and returns its number; call under the customer's lock. */
  insertRevenueTerms(contractReference: string, effectiveFrom: string, document: unknown, at: string): Promise<number>;
  /** Appends entries of this customer; one with another customer's id is refused. */
  appendRevenueEntries(entries: readonly RevenueEntry[]): Promise<void>;
}

export interface RevenueReader {
  /** Ids of the customers that have revenue terms, paged by id: the daily close's work list. */
  revenueCustomers(page: PageQuery): Promise<Page<string>>;
  /** Entries of every customer booked in `period` or earlier, paged in id order: the report's input. */
  revenueEntriesThrough(period: string, page: PageQuery): Promise<Page<RevenueEntry>>;
}
