/**
 * A publish as data: freeze the pricing version, receipt the listing, store it, audit it. A listing has
 * no later states, so this is its whole machine; the service applies the effects in one transaction.
 */
import { count, type Effect, type ReceiptStamp } from '../effects/types.ts';
import { isoOf } from '../shared/clock.ts';
import type { Listing, Visibility } from './types.ts';

interface PublishPlan {
  readonly customerId: string;
  readonly listingId: string;
  readonly receiptId: string;
  readonly pricingVersion: number;
  /** The request as received: its digest goes into the receipt. */
  readonly request: unknown;
  readonly segment: string;
  readonly visibility: Visibility;
  readonly stamp: ReceiptStamp;
  readonly actor: string;
}

export const planPublish = (p: PublishPlan, nowMs: number): { listing: Listing; effects: readonly Effect[] } => {
  const listing: Listing = {
    id: p.listingId,
    customerId: p.customerId,
    pricingVersion: p.pricingVersion,
    segment: p.segment,
    visibility: p.visibility,
    authority: p.stamp.authority,
    insurance: p.stamp.insurance,
    receiptId: p.receiptId,
    createdAt: isoOf(nowMs),
  };
  return {
    listing,
    effects: [
      { kind: 'persist', entity: 'pricing_freeze', customerId: p.customerId, version: p.pricingVersion },
      {
        kind: 'receipt',
        receipt: {
          id: p.receiptId,
          customerId: p.customerId,
          kind: 'publish',
          stamp: p.stamp,
          request: p.request,
          result: {
            listingId: p.listingId,
            pricingVersion: p.pricingVersion,
            segment: p.segment,
            visibility: p.visibility,
          },
        },
      },
      { kind: 'persist', entity: 'listing', record: listing },
      {
        kind: 'audit',
        type: 'publish.completed',
        actor: p.actor,
        customerId: p.customerId,
        outcome: 'success',
        details: {
          listingId: p.listingId,
          pricingVersion: p.pricingVersion,
          authority: p.stamp.authority,
          receiptId: p.receiptId,
        },
      },
      count('tai_publish_requests_total', { outcome: 'success' }),
    ],
  };
};
