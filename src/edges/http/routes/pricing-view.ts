/** The pricing configuration body and how stored versions are shown. */
import { Type } from '@sinclair/typebox';
import { PricingConfigSchema } from '../../../domain/pricing/index.ts';
import type { PricingVersionRow } from '../../../adapters/store/interface.ts';
import { PricingVersionSchema } from '../schemas.ts';

/** The pricing configuration's structure; values are checked by the engine, each fault with its own code. */
export const PricingBody = PricingConfigSchema;

export const PricingVersionsBody = Type.Object({ versions: Type.Array(PricingVersionSchema) });

export const pricingView = (rows: readonly PricingVersionRow[]) => ({
  versions: rows.map((v) => ({
    version: v.version,
    effectiveFrom: v.effectiveFrom,
    frozen: v.frozenAt !== null,
    createdAt: v.createdAt,
    document: v.document,
  })),
});
