/**
 * The pricing version in force for a quote. Versions are immutable, so each is read, parsed and compiled
 * once per process and kept by (customer, version); a quote then costs one small index query. The
 * engine remembers its compiled form by object identity.
 */
import type { CustomerScope } from '../../adapters/store/interface.ts';
import { versionInForce, type PricingConfig, type PricingVersion } from '../../domain/pricing/index.ts';

const MAX_ENTRIES = 10_000;
const cache = new Map<string, PricingVersion>();

export const pricingVersionInForce = async (scope: CustomerScope, atDay: string): Promise<PricingVersion> => {
  const chosen = versionInForce(await scope.pricingVersionIndex(), atDay);
  const key = `${scope.customerId}:${chosen.version}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const row = await scope.pricingVersion(chosen.version);
  if (!row) throw new Error(`pricing version ${key} vanished`);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value ?? key);
  const v: PricingVersion = {
    version: row.version,
    effectiveFrom: row.effectiveFrom,
    config: row.document as PricingConfig,
  };
  cache.set(key, v);
  return v;
};
