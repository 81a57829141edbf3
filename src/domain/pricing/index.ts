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
export { quote } from './quote.ts';
export { versionInForce } from './version.ts';
export { minorUnitOf } from './currencies.ts';
export type { PricingVersion } from './types.ts';
