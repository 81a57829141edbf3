/** Builders shared by the revenue tests and the bench: terms documents, versions and ledger entries. */
import { firstDayOf, instantOf } from '../../src/domain/revenue/days.ts';
import type {
  ObligationTerms,
  RevenueEntry,
  RevenueEntryDraft,
  RevenueTermsDocument,
  RevenueTermsVersion,
} from '../../src/domain/revenue/types.ts';

export const termsDoc = (over: Partial<RevenueTermsDocument> = {}): RevenueTermsDocument => ({
  contractReference: 'MSA-1',
  currency: 'USD',
  serviceStart: '2026-01-01',
  serviceEnd: '2027-01-01',
  effectiveFrom: '2026-01-01',
  billing: { kind: 'annual_upfront' },
  obligations: [
    {
      id: 'platform',
      kind: 'platform_access',
      price: '12000.00',
      standaloneSellingPrice: '12000.00',
      method: 'monthly',
    },
  ],
  ...over,
});

export const versionsOf = (...docs: RevenueTermsDocument[]): RevenueTermsVersion[] =>
  docs.map((document, i) => ({ version: i + 1, document }));

/** Gives drafts ids and a recording time, as the store's caller does (a plain literal, as a store row maps to). */
export const stored = (drafts: readonly RevenueEntryDraft[], start: number): RevenueEntry[] =>
  drafts.map((d, i) => ({
    id: `rev_${String(start + i).padStart(8, '0')}`,
    customerId: d.customerId,
    termsVersion: d.termsVersion,
    obligationId: d.obligationId,
    kind: d.kind,
    period: d.period,
    servicePeriod: d.servicePeriod,
    occurredOn: d.occurredOn,
    bookedOn: d.bookedOn,
    amount: d.amount,
    currency: d.currency,
    receiptId: d.receiptId,
    logIndex: d.logIndex,
    logFirst: d.logFirst,
    logLast: d.logLast,
    checkpointSize: d.checkpointSize,
    checkpointRoot: d.checkpointRoot,
    corrects: d.corrects,
    meter: d.meter,
    recordedAt: `${d.bookedOn}T23:59:00.000Z`,
  }));

/**
 * What a windowed read of the daily close holds (the store's CloseWindow), as predicates over the rows of
 * a customer read in part: the model its SQL implements.
 */
export const inCloseWindow = {
  entry: (e: { readonly servicePeriod: string; readonly period: string }, from: string, bookedAfter: string) =>
    e.servicePeriod >= from || e.period > bookedAfter,
  operation: (o: { readonly issuedAt: string }, from: string) => o.issuedAt >= instantOf(firstDayOf(from)),
  holding: (h: { readonly endedAt: string | null }, from: string) =>
    h.endedAt === null || h.endedAt >= instantOf(firstDayOf(from)),
};

/**
 * The year tests' contract: the platform (recognized daily), support (monthly, prorated) and meters of
 * publishes and deploys beyond an included volume a month; `extra` goes after support.
 */
export const yearObligations = (
  platformPrice: string,
  included: { readonly publish: string; readonly deploy: string } = { publish: '20', deploy: '5' },
  extra: readonly ObligationTerms[] = [],
): ObligationTerms[] => [
  {
    id: 'platform',
    kind: 'platform_access',
    price: platformPrice,
    standaloneSellingPrice: platformPrice,
    method: 'daily',
  },
  { id: 'support', kind: 'support', price: '2400.00', standaloneSellingPrice: '3000.00', method: 'monthly_prorated' },
  ...extra,
  { id: 'publishes', kind: 'usage', meter: 'publish', includedPerMonth: included.publish, unitPrice: '1.50' },
  { id: 'deploys', kind: 'usage', meter: 'deploy', includedPerMonth: included.deploy, unitPrice: '10.00' },
];
