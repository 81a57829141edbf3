/**
 * Stored pricing versions as the engine's PricingVersion objects. Versions are immutable, so each is
 * parsed and compiled once per process and kept by (customer, version); the engine remembers its
 * compiled form by object identity.
 */
import type { PricingVersionRow } from '../../adapters/store/interface.ts';
import type { PricingConfig, PricingVersion } from '../../domain/pricing/index.ts';

const MAX_ENTRIES = 10_000;
const cache = new Map<string, PricingVersion>();

export const asPricingVersion = (customerId: string, row: PricingVersionRow): PricingVersion => {
  const key = `${customerId}:${row.version}`;
  let v = cache.get(key);
  if (!v) {
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value ?? key);
    v = { version: row.version, effectiveFrom: row.effectiveFrom, config: row.document as PricingConfig };
    cache.set(key, v);
  }
  return v;
};
