/** The pricing configuration body and how stored versions are shown. */
import { Type } from '@sinclair/typebox';
import type { PricingVersionRow } from '../../../adapters/store/interface.ts';
import { PricingVersionSchema } from '../schemas.ts';

/** Until the pricing engine's schema lands, a pricing configuration is any object with an effectiveFrom date. */
export const PricingBody = Type.Object(
  { effectiveFrom: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) },
  { additionalProperties: true },
);

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
