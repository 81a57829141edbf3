/**
 * Pricing versions as the engine's PricingVersion objects. Versions are immutable, so each is read, parsed
 * and validated once per process and kept by (customer, version); choosing one then costs one small index
 * query. The engine remembers its compiled form by object identity.
 */
import type { CustomerScope } from '../../adapters/store/interface.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { validatePricingConfig, versionInForce, type PricingVersion } from '../../domain/pricing/index.ts';

const MAX_ENTRIES = 10_000;
const cache = new Map<string, PricingVersion>();

/** A stored version by number, validated; TAI-PRICING-VERSION-NOT-FOUND when the customer has no such version. */
export const pricingVersionNumbered = async (scope: CustomerScope, version: number): Promise<PricingVersion> => {
  const key = `${scope.customerId}:${version}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const row = await scope.pricingVersion(version);
  if (!row) throw new DomainError('TAI-PRICING-VERSION-NOT-FOUND', { path: '/pricingVersion', detail: key });
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value ?? key);
  const v: PricingVersion = {
    version: row.version,
    effectiveFrom: row.effectiveFrom,
    config: validatePricingConfig(row.document),
  };
  cache.set(key, v);
  return v;
};

/** The version in force on `atDay` (TAI-PRICING-NOT-FOUND / TAI-PRICING-NOT-IN-FORCE otherwise). */
export const pricingVersionInForce = async (scope: CustomerScope, atDay: string): Promise<PricingVersion> =>
  pricingVersionNumbered(scope, versionInForce(await scope.pricingVersionIndex(), atDay).version);
