/** The pricing engine's public face: schemas, validation, versions and quotes. Pure; no I/O. */
export {
  PricingConfigSchema,
  QuoteRequestSchema,
  QuoteSchema,
  type PricingConfig,
  type Quote,
  type QuoteRequest,
} from './schema.ts';
export { validatePricingConfig } from './validate.ts';
export { quote, type QuoteContext } from './quote.ts';
export { parseDay, versionInForce } from './version.ts';
export { CURRENCY_CODES, minorUnitOf } from './currencies.ts';
export type { PricingVersion } from './types.ts';
