/**
 * The JSON shape (TypeBox) of a revenue terms document. Structure only: amounts and days are strings
 * here so that a bad value reaches compileTerms and gets its own code and path.
 */
import { Type } from '@sinclair/typebox';
import { MODIFICATIONS, RATABLE_KINDS, RECOGNITION_METHODS, USAGE_METERS } from './types.ts';

const closed = { additionalProperties: false } as const;
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const ObligationId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9_-]*$' });
const DayText = Type.String({ maxLength: 10, description: 'YYYY-MM-DD (UTC calendar day)' });
const DecimalText = Type.String({ maxLength: 40, description: 'Decimal string, e.g. "1500.00"' });

const Ratable = Type.Object(
  {
    id: ObligationId,
    kind: literals(RATABLE_KINDS),
    price: DecimalText,
    standaloneSellingPrice: DecimalText,
    method: literals(RECOGNITION_METHODS),
  },
  closed,
);

const Usage = Type.Object(
  {
    id: ObligationId,
    kind: Type.Literal('usage'),
    meter: literals(USAGE_METERS),
    includedPerMonth: DecimalText,
    unitPrice: DecimalText,
    expectedUnits: Type.Optional(DecimalText),
    inTransactionPrice: Type.Optional(Type.Boolean()),
  },
  closed,
);

const Billing = Type.Union([
  Type.Object(
    { kind: Type.Literal('monthly_in_advance'), billingDay: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 }) },
    closed,
  ),
  Type.Object({ kind: Type.Literal('annual_upfront') }, closed),
]);

export const RevenueTermsSchema = Type.Object(
  {
    contractReference: Type.String({ minLength: 1, maxLength: 200 }),
    currency: Type.String({ minLength: 3, maxLength: 3 }),
    serviceStart: DayText,
    serviceEnd: DayText,
    effectiveFrom: DayText,
    modification: Type.Optional(literals(MODIFICATIONS)),
    billing: Billing,
    obligations: Type.Array(Type.Union([Ratable, Usage]), { maxItems: 20 }),
  },
  closed,
);
