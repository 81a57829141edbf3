/**
 * Revenue terms of a contract as finance records them, their validated form, and the revenue ledger's
 * entries. Terms are versioned like pricing: a change is a new version with an effective date.
 */
import type { Dec } from '../pricing/decimal.ts';

/** How a ratable obligation's amount is spread over calendar months; see docs/revenue.md. */
export const RECOGNITION_METHODS = ['daily', 'monthly', 'monthly_prorated'] as const;
export type RecognitionMethod = (typeof RECOGNITION_METHODS)[number];

export const RATABLE_KINDS = ['platform_access', 'support', 'setup_fee'] as const;
export type RatableKind = (typeof RATABLE_KINDS)[number];

/** What a usage obligation counts: receipted publishes, receipted deploys, or capacity unit-days. */
export const USAGE_METERS = ['publish', 'deploy', 'capacity_unit_day'] as const;
export type UsageMeter = (typeof USAGE_METERS)[number];

export const MODIFICATIONS = ['upgrade', 'downgrade', 'extension', 'cancellation'] as const;
export type Modification = (typeof MODIFICATIONS)[number];

export type BillingTerms =
  { readonly kind: 'monthly_in_advance'; readonly billingDay: number } | { readonly kind: 'annual_upfront' };

/** Satisfied over time: its price (for the whole service period) is earned ratably. */
export interface RatableObligationTerms {
  readonly id: string;
  readonly kind: RatableKind;
  readonly price: string;
  readonly standaloneSellingPrice: string;
  readonly method: RecognitionMethod;
}

/** Satisfied as used: each unit beyond the month's included volume earns unitPrice when its receipt is issued. */
export interface UsageObligationTerms {
  readonly id: string;
  readonly kind: 'usage';
  readonly meter: UsageMeter;
  readonly includedPerMonth: string;
  readonly unitPrice: string;
  /** Billable units (beyond the included volume) expected over the service period; in the transaction price when `inTransactionPrice`. */
  readonly expectedUnits?: string;
  readonly inTransactionPrice?: boolean;
}

export type ObligationTerms = RatableObligationTerms | UsageObligationTerms;

export interface RevenueTermsDocument {
  readonly contractReference: string;
  readonly currency: string;
  /** First day of service, inclusive. */
  readonly serviceStart: string;
  /** Day after the last day of service: the service period is [serviceStart, serviceEnd). */
  readonly serviceEnd: string;
  /** The first version's is serviceStart; a later version's is the day its modification takes effect. */
  readonly effectiveFrom: string;
  /** Absent on the first version; required on every later one. */
  readonly modification?: Modification;
  readonly billing: BillingTerms;
  readonly obligations: readonly ObligationTerms[];
}

/** A stored version: its document is checked (compileHistory) wherever it is used, so a store row serves as it is. */
export interface RevenueTermsVersion {
  readonly version: number;
  readonly document: unknown;
}

export interface CompiledRatable {
  readonly id: string;
  readonly kind: RatableKind;
  readonly price: Dec;
  readonly ssp: Dec;
  readonly method: RecognitionMethod;
}

export interface CompiledUsage {
  readonly id: string;
  readonly meter: UsageMeter;
  readonly includedPerMonth: Dec;
  readonly unitPrice: Dec;
  readonly expectedUnits: Dec;
  readonly inTransactionPrice: boolean;
  /** includedPerMonth and unitPrice as counts of 10^-12 (see units.ts), for the per-receipt arithmetic. */
  readonly includedUnits: bigint;
  readonly unitPriceUnits: bigint;
}

export interface CompiledTerms {
  readonly version: number;
  readonly contractReference: string;
  readonly currency: string;
  readonly minorUnit: number;
  readonly serviceStart: string;
  readonly serviceEnd: string;
  readonly effectiveFrom: string;
  readonly modification: Modification | null;
  readonly billing: BillingTerms;
  readonly ratable: readonly CompiledRatable[];
  readonly usage: readonly CompiledUsage[];
}

/** A share of an amount: the calendar month it is booked in and the service days [from, to) it covers. */
export interface PeriodShare {
  readonly period: string;
  readonly from: string;
  readonly to: string;
  readonly amount: Dec;
}

export type EntryKind = 'billing' | 'recognition' | 'usage';

/**
 * One line of the append-only revenue ledger, before the store gives it an id. Amounts are decimal
 * strings on the currency's minor-unit grid; only corrections and credits are negative.
 */
export interface RevenueEntryDraft {
  readonly customerId: string;
  readonly termsVersion: number;
  /** Null on billing entries, which bill the contract as a whole. */
  readonly obligationId: string | null;
  readonly kind: EntryKind;
  /** The accounting period (YYYY-MM) the entry is booked in: always an open one. */
  readonly period: string;
  /** The month the amount was billed, earned or used in (YYYY-MM). */
  readonly servicePeriod: string;
  /** The invoice day, the receipt's day, or the last day of the recognized month. */
  readonly occurredOn: string;
  /** The day whose close appended the entry. */
  readonly bookedOn: string;
  readonly amount: string;
  readonly currency: string;
  /** Usage evidence: the receipt this entry recognizes. */
  readonly receiptId: string | null;
  readonly logIndex: number | null;
  /** Ratable evidence: the customer's log range of the service period and the checkpoint at its end. */
  readonly logFirst: number | null;
  readonly logLast: number | null;
  readonly checkpointSize: number | null;
  readonly checkpointRoot: string | null;
  /** The entry this one corrects (the original of the same key), or null. */
  readonly corrects: string | null;
  /**
   * The meter of a usage entry (null on other kinds, and on usage entries booked before meters were
   * recorded: all of a per-receipt meter). A `capacity_unit_day` entry is keyed by its receipt and day.
   */
  readonly meter: UsageMeter | null;
}

export interface RevenueEntry extends RevenueEntryDraft {
  readonly id: string;
  readonly recordedAt: string;
}

/** A receipted operation as the usage rules read it. */
export interface ReceiptedOperation {
  readonly receiptId: string;
  readonly logIndex: number;
  readonly kind: UsageMeter;
  /** ISO 8601 instant of the receipt. */
  readonly issuedAt: string;
  /** Units the operation counts for: 1 for a publish or a deploy, the capacity units held for a unit-day. */
  readonly units: string;
  /** The UTC day the usage occurred, when not the receipt's own (a unit-day names its deploy receipt). */
  readonly day?: string;
}

/**
 * Capacity a deployment held, as the close reads it: its deploy receipt (the evidence of every unit-day),
 * its capacity units, the day of that receipt and the day of the receipt that ended it (removed, rolled
 * back, failed), or null while it still holds capacity.
 */
export interface CapacityHolding {
  readonly receiptId: string;
  readonly logIndex: number;
  /** ISO 8601 instant of the deploy receipt. */
  readonly issuedAt: string;
  readonly units: number;
  /** ISO 8601 instant of the receipt that ended the holding, or null. */
  readonly endedAt: string | null;
}

/** What the close copies onto a month's ratable entries: the log range of that month and its closing checkpoint. */
export interface PeriodEvidence {
  readonly logFirst: number | null;
  readonly logLast: number | null;
  readonly checkpointSize: number | null;
  readonly checkpointRoot: string | null;
}
