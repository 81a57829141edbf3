/**
 * The contract fulfillment report: what was delivered under the contract over a day range, usage
 * against each of its limits, days insured and read-only, and whether each term was met. Pure: the
 * service gathers the counts and records.
 */
import type { ContractDocument, Mode } from '../customer/types.ts';
import type { InsuranceDays } from './insurance-days.ts';
import type { PeakUsage } from './peak.ts';
import type { DayRange } from './range.ts';

export type TermStatus = 'met' | 'not_met' | 'not_applicable';

export interface FulfillmentTerm {
  readonly term: string;
  readonly status: TermStatus;
  readonly detail: string;
}

export interface FulfillmentReport {
  readonly customerId: string;
  readonly customerName: string;
  readonly mode: Mode;
  readonly from: string;
  readonly to: string;
  readonly generatedAt: string;
  readonly contract: { readonly reference: string; readonly startsOn: string; readonly endsOn: string } | null;
  readonly delivered: { readonly quotes: number; readonly publishes: number; readonly deploys: number };
  readonly limits: {
    readonly limit: 'capacityUnits' | 'maxActiveDeployments';
    readonly allowed: number | null;
    readonly peak: number;
    readonly current: number;
  }[];
  readonly features: { readonly feature: string; readonly contracted: boolean; readonly used: boolean }[];
  readonly insurance: InsuranceDays;
  readonly terms: FulfillmentTerm[];
}

interface FulfillmentInput {
  readonly customer: { readonly id: string; readonly name: string; readonly mode: Mode };
  readonly range: DayRange;
  readonly generatedAt: string;
  readonly contract: ContractDocument | null;
  readonly receiptCounts: Readonly<Record<string, number>>;
  readonly peak: PeakUsage;
  readonly current: PeakUsage;
  readonly insurance: InsuranceDays;
}

/** The last day of the range (its `to` is excluded). */
const lastDay = (r: DayRange): string =>
  new Date(Date.parse(`${r.to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

const within = (peak: number, allowed: number | undefined, name: string): FulfillmentTerm =>
  allowed === undefined
    ? { term: name, status: 'not_applicable', detail: 'no contract' }
    : {
        term: name,
        status: peak <= allowed ? 'met' : 'not_met',
        detail: `peak ${peak} of ${allowed} allowed`,
      };

export const buildFulfillment = (i: FulfillmentInput): FulfillmentReport => {
  const c = i.contract;
  const delivered = {
    quotes: i.receiptCounts['quote'] ?? 0,
    publishes: i.receiptCounts['publish'] ?? 0,
    deploys: i.receiptCounts['deploy'] ?? 0,
  };
  const used = new Set<string>([
    ...(delivered.publishes > 0 ? ['publish'] : []),
    ...(delivered.deploys > 0 ? ['deploy'] : []),
  ]);
  const contracted = c?.features ?? [];
  const features = [...new Set([...contracted, ...used])]
    .sort()
    .map((feature) => ({ feature, contracted: contracted.includes(feature), used: used.has(feature) }));
  const outside = features.filter((f) => f.used && !f.contracted).map((f) => f.feature);
  const end = lastDay(i.range);
  const inForce = c !== null && c.startsOn <= i.range.from && end <= c.endsOn;
  const insuranceNeeded = i.customer.mode === 'prod';
  const { insurance } = i;
  const terms: FulfillmentTerm[] = [
    {
      term: 'contract_in_force',
      status: inForce ? 'met' : 'not_met',
      detail:
        c === null ? 'no contract recorded' : `contract ${c.startsOn} to ${c.endsOn}; report ${i.range.from} to ${end}`,
    },
    within(i.peak.activeDeployments, c?.limits.maxActiveDeployments, 'max_active_deployments'),
    within(i.peak.capacityUnits, c?.limits.capacityUnits, 'capacity_units'),
    {
      term: 'features',
      status: c === null ? 'not_applicable' : outside.length === 0 ? 'met' : 'not_met',
      detail:
        outside.length === 0
          ? 'only contracted features were used'
          : `used outside the contract: ${outside.join(', ')}`,
    },
    {
      term: 'insured_throughout',
      status: !insuranceNeeded
        ? 'not_applicable'
        : insurance.readOnly === 0 && insurance.uninsured === 0
          ? 'met'
          : 'not_met',
      detail: insuranceNeeded
        ? `${insurance.insured} days insured, ${insurance.readOnly} read-only, ${insurance.uninsured} without a verified certificate`
        : `mode ${i.customer.mode} needs no insurance`,
    },
  ];
  return {
    customerId: i.customer.id,
    customerName: i.customer.name,
    mode: i.customer.mode,
    from: i.range.from,
    to: i.range.to,
    generatedAt: i.generatedAt,
    contract: c === null ? null : { reference: c.reference, startsOn: c.startsOn, endsOn: c.endsOn },
    delivered,
    limits: [
      {
        limit: 'capacityUnits',
        allowed: c?.limits.capacityUnits ?? null,
        peak: i.peak.capacityUnits,
        current: i.current.capacityUnits,
      },
      {
        limit: 'maxActiveDeployments',
        allowed: c?.limits.maxActiveDeployments ?? null,
        peak: i.peak.activeDeployments,
        current: i.current.activeDeployments,
      },
    ],
    features,
    insurance,
    terms,
  };
};
