import { defineErrors } from '../spec.ts';

/** Pricing configuration validation and quotes. `path` always names the JSON field at fault. */
export const pricingErrors = defineErrors({
  'TAI-PRICING-DECIMAL-INVALID': {
    status: 422,
    message: 'This value must be a plain decimal string such as "10" or "0.015".',
    internal: 'The string did not match ^-?\\d+(\\.\\d+)?$ (no exponent, sign, spaces, or leading/trailing point).',
    retryable: false,
  },
  'TAI-PRICING-NEGATIVE': {
    status: 422,
    message: 'This value must not be negative.',
    internal: 'A price, fee, bound, quantity or amount had a leading minus sign (including "-0").',
    retryable: false,
  },
  'TAI-PRICING-DECIMAL-SCALE': {
    status: 422,
    message: 'This value has more decimal places than allowed.',
    internal:
      'Fixed money amounts may have at most the currency minor unit (ISO 4217); unit prices, rates, bounds, quantities at most 12. Trailing zeros do not count.',
    retryable: false,
  },
  'TAI-PRICING-DECIMAL-RANGE': {
    status: 422,
    message: 'This value is too large: at most 15 digits before the decimal point.',
    internal: 'Bounding inputs to 15 integer and 12 fractional digits keeps every intermediate result exact.',
    retryable: false,
  },
  'TAI-PRICING-CURRENCY-UNKNOWN': {
    status: 422,
    message: 'Unknown currency: use an active ISO 4217 code in capitals, such as "USD".',
    internal:
      'Not in the ISO 4217 table in src/domain/pricing/currencies.ts (codes with minor unit N.A. are excluded).',
    retryable: false,
  },
  'TAI-PRICING-DATE-INVALID': {
    status: 422,
    message: 'This date must be a real calendar day written YYYY-MM-DD.',
    internal: 'effectiveFrom or at did not match YYYY-MM-DD or named a day that does not exist (e.g. 2026-02-30).',
    retryable: false,
  },
  'TAI-PRICING-SKU-DUPLICATE': {
    status: 422,
    message: 'Each SKU may appear only once in a pricing configuration.',
    internal: 'Two entries of `skus` share the same `sku`; `path` names the later one.',
    retryable: false,
  },
  'TAI-PRICING-SKU-RESERVED': {
    status: 422,
    message: 'The SKU name "total" is reserved: discounts use it to mean the whole quote.',
    internal: 'A SKU named "total" would make discounts[].appliesTo ambiguous.',
    retryable: false,
  },
  'TAI-PRICING-TIER-OVERLAP': {
    status: 422,
    message: "A tier's upTo must be greater than the previous tier's upTo (and greater than 0 for the first tier).",
    internal:
      'Tiers are contiguous by construction (each starts just after the previous inclusive upTo), so a gap cannot be written; a non-increasing bound would make the tier empty or reach back into the previous one.',
    retryable: false,
  },
  'TAI-PRICING-TIER-LAST-NOT-OPEN': {
    status: 422,
    message: 'The last tier must be open-ended: set its upTo to null.',
    internal: 'Without an open last tier, quantities above the last bound would have no price.',
    retryable: false,
  },
  'TAI-PRICING-TIER-OPEN-NOT-LAST': {
    status: 422,
    message: 'Only the last tier may have upTo null.',
    internal: 'A tier before the last one is open-ended, so the tiers after it could never be reached.',
    retryable: false,
  },
  'TAI-PRICING-PACKAGE-SIZE-ZERO': {
    status: 422,
    message: 'A package size must be greater than zero.',
    internal: 'packageSize "0" would divide by zero.',
    retryable: false,
  },
  'TAI-PRICING-RATE-RANGE': {
    status: 422,
    message: 'A rate is a fraction between 0 and 1: write 1.5% as "0.015".',
    internal: 'A percentage or graduated_percentage rate above 1 is almost always a percent written as a fraction.',
    retryable: false,
  },
  'TAI-PRICING-PERCENTAGE-MIN-MAX': {
    status: 422,
    message: 'The minimum of a percentage price must not exceed its maximum.',
    internal: 'min > max on a percentage SKU; the clamp would be empty.',
    retryable: false,
  },
  'TAI-PRICING-DISCOUNT-UNKNOWN-SKU': {
    status: 422,
    message: 'A discount names a SKU that is not in this pricing configuration.',
    internal: 'discounts[].appliesTo is neither "total" nor the sku of an entry of `skus`.',
    retryable: false,
  },
  'TAI-PRICING-DISCOUNT-DUPLICATE': {
    status: 422,
    message: 'Only one discount may apply to each SKU and one to the total.',
    internal: 'Two discounts share appliesTo; rejected so that the result never depends on their order.',
    retryable: false,
  },
  'TAI-PRICING-DISCOUNT-PERCENT-RANGE': {
    status: 422,
    message: 'A discount percent must be between 0 and 100.',
    internal: 'discounts[].percent > 100.',
    retryable: false,
  },
  'TAI-PRICING-NOT-IN-FORCE': {
    status: 422,
    message: 'No pricing version is in force on that date.',
    internal: 'Every stored version has effectiveFrom later than the quote date (`at`, or today).',
    retryable: false,
  },
  'TAI-PRICING-ITEM-UNKNOWN-SKU': {
    status: 422,
    message: 'This SKU is not in the pricing in force on the quote date.',
    internal: 'items[].sku names no SKU of the version selected for the quote date.',
    retryable: false,
  },
  'TAI-PRICING-ITEM-DUPLICATE': {
    status: 422,
    message: 'Each SKU may appear only once in a quote request.',
    internal: 'Two items share a sku; `path` names the later one. Duplicates are rejected rather than summed.',
    retryable: false,
  },
  'TAI-PRICING-ITEM-NEEDS-AMOUNT': {
    status: 422,
    message: 'This SKU is priced on an amount: send "amount" instead of "quantity".',
    internal: 'A percentage or graduated_percentage SKU was quoted with a quantity.',
    retryable: false,
  },
  'TAI-PRICING-ITEM-NEEDS-QUANTITY': {
    status: 422,
    message: 'This SKU is priced on a quantity: send "quantity" instead of "amount".',
    internal: 'A flat, per_unit, graduated, volume or package SKU was quoted with an amount.',
    retryable: false,
  },
});
