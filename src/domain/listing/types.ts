/** A marketplace listing: one published, frozen pricing version, with the authority it was published under. */
import type { Authority } from '../customer/types.ts';
import type { InsuranceStamp } from '../insurance/certificate.ts';

export const VISIBILITIES = ['public', 'private', 'unlisted'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export interface Listing {
  readonly id: string;
  readonly customerId: string;
  readonly pricingVersion: number;
  readonly segment: string;
  readonly visibility: Visibility;
  readonly authority: Authority;
  readonly insurance: InsuranceStamp | null;
  readonly receiptId: string;
  readonly createdAt: string;
}
