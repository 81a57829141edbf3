/**
 * The revenue ledger's port: one customer's revenue terms versions and entries (read, and appended to
 * inside a transaction), and the cross-customer reads the daily close and the monthly report page
 * through. Both tables are append-only in the database itself.
 */
import type { CloseMark, HeldEntry } from '../../../domain/revenue/close.ts';
import type { CapacityHolding, ReceiptedOperation, RevenueEntry } from '../../../domain/revenue/types.ts';
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
  /** Entries booked in `period` or earlier, summed per customer, period, kind and currency: the report's input. */
  revenueReportRows(period: string): Promise<readonly RevenueReportRow[]>;
  /** How many entries are booked in `period` or earlier (a progress bar's total). */
  revenueEntryCount(period: string): Promise<number>;
  /** Finance's closed period in force (the latest move), or null when none was ever closed. */
  revenueClosedPeriod(): Promise<ClosedPeriodRow | null>;
  /** The latest day whose daily close completed for every customer, or null. */
  revenueLastClosedDay(): Promise<string | null>;
}

/** One move of finance's closed period: every month up to `period` is closed. */
export interface ClosedPeriodRow {
  readonly period: string;
  readonly closedAt: string;
  readonly actor: string;
}

/** A sum of entries of one customer, period, kind and currency. */
export interface RevenueReportRow {
  readonly customerId: string;
  readonly period: string;
  readonly kind: RevenueEntry['kind'];
  readonly amount: string;
  readonly currency: string;
}

/** A receipted operation of one customer, as the daily close reads receipts in bulk. */
export interface CustomerOperation extends ReceiptedOperation {
  readonly customerId: string;
}

/** Capacity one customer's deployment held, as the daily close reads deployments in bulk. */
export interface CustomerHolding extends CapacityHolding {
  readonly customerId: string;
}

/** The log range of receipts issued in [from, to), the log's size at `to`, and the first checkpoint covering it. */
export interface LogEvidenceRow {
  readonly logFirst: number | null;
  readonly logLast: number | null;
  readonly checkpointSize: number | null;
  readonly checkpointRoot: string | null;
}

/**
 * How much of a range of customers the close reads: all of each customer in `whole`, and of the others
 * only what bears on the service months from `from` (YYYY-MM) on, and the entries booked in a period
 * after `bookedAfter` (YYYY-MM: the month of the day closed, to find the open period). Without a window:
 * all of every customer.
 */
export interface CloseWindow {
  readonly from: string;
  readonly bookedAfter: string;
  readonly whole: readonly string[];
}

/** A customer's close mark (planFrom). */
export interface RevenueCloseMark extends CloseMark {
  readonly customerId: string;
}

/**
 * The daily close's bulk reads and writes over a range of customers [first, last] (by id): one query
 * per table for the whole range, rows ordered by customer then id, and multi-row inserts. Closes are
 * serialized by lockRevenueClose so two never plan against the same ledger state.
 */
export interface RevenueCloseWrites {
  lockRevenueClose(): Promise<void>;
  revenueTermsIn(first: string, last: string): Promise<readonly RevenueTermsRow[]>;
  /**
   * The columns the close planner reads, with each entry's customer. In a window: the entries of its
   * service months, and every entry booked in a period after its `bookedAfter`.
   */
  revenueEntriesIn(
    first: string,
    last: string,
    window?: CloseWindow,
  ): Promise<readonly (HeldEntry & { readonly customerId: string })[]>;
  /**
   * Receipts of the metered kinds (publish, deploy) issued before `before` (an ISO instant), by customer
   * and log index; in a window, only those issued in its months.
   */
  meteredOperationsIn(
    first: string,
    last: string,
    before: string,
    window?: CloseWindow,
  ): Promise<readonly CustomerOperation[]>;
  /**
   * Deployments whose deploy receipt was issued before `before`, with the receipt that ended each (if
   * any), by customer; in a window, only those still holding capacity when its first month began.
   */
  capacityHoldingsIn(
    first: string,
    last: string,
    before: string,
    window?: CloseWindow,
  ): Promise<readonly CustomerHolding[]>;
  revenueCloseMarksIn(first: string, last: string): Promise<readonly RevenueCloseMark[]>;
  /** Replaces each customer's mark. */
  setRevenueCloseMarks(marks: readonly RevenueCloseMark[]): Promise<void>;
  logEvidence(customerId: string, from: string, to: string): Promise<LogEvidenceRow>;
  appendRevenueEntriesBulk(entries: readonly RevenueEntry[]): Promise<void>;
  /** Records that the close of `day` completed for every customer (again: no change). */
  recordRevenueDayClosed(day: string, at: string): Promise<void>;
  /** Appends a move of the closed period; call under lockRevenueClose after checking it moves forward. */
  appendClosedPeriod(row: ClosedPeriodRow): Promise<void>;
}
