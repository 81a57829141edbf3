/**
 * JSON schemas (TypeBox) for the pricing API: the PUT pricing body, the quote request and the quote.
 * They check structure only. Money, quantity and date fields are plain strings here so that a bad value
 * reaches validatePricingConfig / quote and gets its own error code and path.
 */
import { Type, type Static } from '@sinclair/typebox';

const closed = { additionalProperties: false } as const;

/** A SKU identifier: letters, digits and . _ : - (a stable key, not a display name). */
const SkuIdSchema = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$' });
const DayText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (UTC calendar day)' });
const DecimalText = Type.String({ maxLength: 40, description: 'Decimal string, e.g. "10.00" or "0.015"' });
const minimum = Type.Optional(DecimalText);

const UnitTier = Type.Object(
  { upTo: Type.Union([DecimalText, Type.Null()]), unitPrice: DecimalText, flatFee: Type.Optional(DecimalText) },
  closed,
);
const RateTier = Type.Object(
  { upTo: Type.Union([DecimalText, Type.Null()]), rate: DecimalText, flatFee: Type.Optional(DecimalText) },
  closed,
);
const tiersOf = <T extends typeof UnitTier | typeof RateTier>(tier: T) =>
  Type.Array(tier, { minItems: 1, maxItems: 50 });

const FlatSkuSchema = Type.Object(
  { sku: SkuIdSchema, model: Type.Literal('flat'), amount: DecimalText, minimum },
  closed,
);
const PerUnitSkuSchema = Type.Object(
  { sku: SkuIdSchema, model: Type.Literal('per_unit'), unitPrice: DecimalText, minimum },
  closed,
);
const GraduatedSkuSchema = Type.Object(
  { sku: SkuIdSchema, model: Type.Literal('graduated'), tiers: tiersOf(UnitTier), minimum },
  closed,
);
const VolumeSkuSchema = Type.Object(
  { sku: SkuIdSchema, model: Type.Literal('volume'), tiers: tiersOf(UnitTier), minimum },
  closed,
);
const PackageSkuSchema = Type.Object(
  {
    sku: SkuIdSchema,
    model: Type.Literal('package'),
    packageSize: DecimalText,
    packagePrice: DecimalText,
    rounding: Type.Optional(Type.Union([Type.Literal('up'), Type.Literal('down')])),
    minimum,
  },
  closed,
);
const PercentageSkuSchema = Type.Object(
  {
    sku: SkuIdSchema,
    model: Type.Literal('percentage'),
    rate: DecimalText,
    fixedFee: Type.Optional(DecimalText),
    min: Type.Optional(DecimalText),
    max: Type.Optional(DecimalText),
    minimum,
  },
  closed,
);
const GraduatedPercentageSkuSchema = Type.Object(
  { sku: SkuIdSchema, model: Type.Literal('graduated_percentage'), tiers: tiersOf(RateTier), minimum },
  closed,
);

const SkuSchema = Type.Union([
  FlatSkuSchema,
  PerUnitSkuSchema,
  GraduatedSkuSchema,
  VolumeSkuSchema,
  PackageSkuSchema,
  PercentageSkuSchema,
  GraduatedPercentageSkuSchema,
]);

/** `appliesTo` is a SKU, or "total" for the whole quote after SKU discounts. */
const DiscountSchema = Type.Union([
  Type.Object({ appliesTo: Type.String({ minLength: 1, maxLength: 64 }), percent: DecimalText }, closed),
  Type.Object({ appliesTo: Type.String({ minLength: 1, maxLength: 64 }), amount: DecimalText }, closed),
]);

export const PricingConfigSchema = Type.Object(
  {
    currency: Type.String({ maxLength: 8 }),
    effectiveFrom: DayText,
    skus: Type.Array(SkuSchema, { minItems: 1, maxItems: 500 }),
    discounts: Type.Optional(Type.Array(DiscountSchema, { maxItems: 501 })),
    minimumCommitment: Type.Optional(DecimalText),
  },
  closed,
);

const QuoteItemSchema = Type.Union([
  Type.Object({ sku: SkuIdSchema, quantity: DecimalText }, closed),
  Type.Object({ sku: SkuIdSchema, amount: DecimalText }, closed),
]);

export const QuoteRequestSchema = Type.Object(
  {
    items: Type.Array(QuoteItemSchema, { minItems: 1, maxItems: 500 }),
    at: Type.Optional(DayText),
    receipt: Type.Optional(Type.Boolean()),
  },
  closed,
);

const Money = Type.String({ description: 'Decimal string with exactly the currency minor unit of decimals' });
const Exact = Type.String({ description: 'Exact decimal string: at least the minor unit of decimals, never rounded' });

const BreakdownEntrySchema = Type.Object(
  {
    tier: Type.Integer({ minimum: 1 }),
    units: Type.String({ description: 'Units in this tier; for package: packages; for percentage models: money' }),
    unitPrice: Type.String({ description: 'Price per unit (package: per package; percentage models: the rate)' }),
    flatFee: Money,
    amount: Exact,
  },
  closed,
);

const AdjustmentSchema = Type.Object(
  {
    reason: Type.Union([Type.Literal('percentage_min'), Type.Literal('percentage_max'), Type.Literal('sku_minimum')]),
    amount: Exact,
  },
  closed,
);

const QuoteLineSchema = Type.Object(
  {
    sku: Type.String(),
    model: Type.String(),
    quantity: Type.Optional(Type.String()),
    baseAmount: Type.Optional(Type.String({ description: 'The amount a percentage model was quoted on' })),
    breakdown: Type.Array(BreakdownEntrySchema),
    adjustments: Type.Array(AdjustmentSchema),
    amount: Money,
  },
  closed,
);

const AppliedDiscountSchema = Type.Object(
  {
    appliesTo: Type.String(),
    kind: Type.Union([Type.Literal('percent'), Type.Literal('amount')]),
    value: Type.String({ description: 'The configured percent or amount' }),
    amount: Money,
  },
  closed,
);

/** The 200 body of POST /v1/pricing/calculate, less `mode` and `authority`, which the route adds. */
export const QuoteSchema = Type.Object({
  currency: Type.String(),
  pricingVersion: Type.Integer({ minimum: 1 }),
  effectiveFrom: Type.String(),
  at: Type.String(),
  lines: Type.Array(QuoteLineSchema),
  discounts: Type.Array(AppliedDiscountSchema),
  commitmentTrueUp: Money,
  subtotal: Money,
  total: Money,
});

export type PricingConfig = Static<typeof PricingConfigSchema>;
export type SkuConfig = Static<typeof SkuSchema>;
export type QuoteRequest = Static<typeof QuoteRequestSchema>;
export type Quote = Static<typeof QuoteSchema>;
export type QuoteLine = Static<typeof QuoteLineSchema>;
export type BreakdownEntry = Static<typeof BreakdownEntrySchema>;
export type Adjustment = Static<typeof AdjustmentSchema>;
export type AppliedDiscount = Static<typeof AppliedDiscountSchema>;
