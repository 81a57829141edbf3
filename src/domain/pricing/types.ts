/** The validated, compiled form of a pricing configuration that quotes run on, and the version wrapper. */
import type { Dec } from './decimal.ts';
import type { PricingConfig } from './schema.ts';

/** One immutable stored version: its number (1, 2, ...), the day it takes effect, and the configuration. */
export interface PricingVersion {
  readonly version: number;
  /** YYYY-MM-DD, inclusive. */
  readonly effectiveFrom: string;
  readonly config: PricingConfig;
}

/** A tier with its bounds resolved: it covers (lower, upTo], or (lower, infinity) when upTo is null. */
export interface CompiledTier {
  readonly index: number;
  readonly lower: Dec;
  readonly upTo: Dec | null;
  /** unitPrice, or rate for graduated_percentage. */
  readonly price: Dec;
  readonly priceText: string;
  readonly flatFee: Dec;
}

interface SkuBase {
  readonly sku: string;
  /** Position in the configuration: lines come out in this order, whatever the request's order. */
  readonly position: number;
  readonly minimum: Dec | null;
}

export type CompiledSku =
  | (SkuBase & { readonly model: 'flat'; readonly amount: Dec })
  | (SkuBase & { readonly model: 'per_unit'; readonly unitPrice: Dec; readonly unitPriceText: string })
  | (SkuBase & {
      readonly model: 'graduated' | 'volume' | 'graduated_percentage';
      readonly tiers: readonly CompiledTier[];
    })
  | (SkuBase & {
      readonly model: 'package';
      readonly packageSize: Dec;
      readonly packagePrice: Dec;
      readonly rounding: 'up' | 'down';
    })
  | (SkuBase & {
      readonly model: 'percentage';
      readonly rate: Dec;
      readonly rateText: string;
      readonly fixedFee: Dec;
      readonly min: Dec | null;
      readonly max: Dec | null;
    });

type SkuModel = CompiledSku['model'];

/** Models priced on an amount of money (send `amount`); all others are priced on a `quantity`. */
export const isAmountModel = (model: SkuModel): boolean => model === 'percentage' || model === 'graduated_percentage';

export interface CompiledDiscount {
  readonly appliesTo: string;
  readonly kind: 'percent' | 'amount';
  readonly value: Dec;
  readonly valueText: string;
}

export interface CompiledPricing {
  readonly currency: string;
  readonly minorUnit: number;
  readonly skus: ReadonlyMap<string, CompiledSku>;
  readonly skuDiscounts: ReadonlyMap<string, CompiledDiscount>;
  readonly totalDiscount: CompiledDiscount | null;
  readonly minimumCommitment: Dec | null;
}
