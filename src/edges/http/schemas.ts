/** Schemas shared by routes: the error body, customers, keys, contracts. */
import { Type, type Static } from '@sinclair/typebox';
import { MODES, SCOPES } from '../../domain/customer/types.ts';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable error code from the catalog (see /errors).' }),
      message: Type.String({ description: 'Safe to show to a person.' }),
      requestId: Type.String(),
      docs: Type.String({ description: 'Where this code is documented.' }),
      path: Type.Optional(Type.String({ description: 'JSON pointer of the offending input, when known.' })),
      retryable: Type.Boolean(),
      receiptId: Type.Optional(Type.String({ description: 'A signed receipt evidencing this refusal (eval mode).' })),
    }),
  },
  { $id: 'ErrorBody', title: 'Error' },
);

/** The error body by reference: app.ts adds ErrorBody once, OpenAPI lists it in components.schemas. */
const ErrorRef = Type.Unsafe<Static<typeof ErrorBody>>(Type.Ref(ErrorBody.$id ?? 'ErrorBody'));

export const errorResponses = {
  400: ErrorRef,
  401: ErrorRef,
  403: ErrorRef,
  404: ErrorRef,
  409: ErrorRef,
  413: ErrorRef,
  414: ErrorRef,
  415: ErrorRef,
  422: ErrorRef,
  429: ErrorRef,
  500: ErrorRef,
  503: ErrorRef,
} as const;

export const Mode = Type.Union(
  MODES.map((m) => Type.Literal(m)),
  { description: 'eval: advisory only; pilot: contract, no insurance; prod: contract and live insurance.' },
);
export const ScopeSchema = Type.Union(SCOPES.map((s) => Type.Literal(s)));

const Id = (prefix: string) => Type.String({ pattern: `^${prefix}_[0-9a-z]{26}$` });
export const CustomerId = Id('cus');
export const KeyId = Id('key');

export const CustomerSchema = Type.Object({
  id: CustomerId,
  name: Type.String(),
  contactEmail: Type.String(),
  mode: Mode,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

/** Page size when `limit` is not given (the schemas' default; the validator fills it in). */
const DEFAULT_LIMIT = 100;
/** A query whose optional `limit` the validator has defaulted, typed as such. */
export const withLimit = <T extends { readonly limit?: number }>(query: T): T & { limit: number } => ({
  ...query,
  limit: query.limit ?? DEFAULT_LIMIT,
});

/** The largest integer a request may carry where the stores keep it in a 32-bit column. */
export const INT32_MAX = 2_147_483_647;

/**
 * A certificate id goes into the insurer's URL path: letters, digits and `. _ -`, starting with a letter or
 * digit (so never `.` or `..`), at most 128 characters.
 */
export const CertificateId = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$', maxLength: 128 });

const CalendarDate = Type.String({ format: 'date', description: 'YYYY-MM-DD, a real calendar day' });
const DecimalString = Type.String({ pattern: '^\\d+(\\.\\d+)?$', description: 'Decimal string, e.g. "99.00"' });

export const ContractDocumentSchema = Type.Object(
  {
    reference: Type.String({ minLength: 1, maxLength: 200 }),
    startsOn: CalendarDate,
    endsOn: CalendarDate,
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    monthlyFee: DecimalString,
    features: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 64 }),
    limits: Type.Object(
      {
        maxActiveDeployments: Type.Integer({ minimum: 0, maximum: INT32_MAX }),
        capacityUnits: Type.Integer({ minimum: 0, maximum: INT32_MAX }),
        allowedTargets: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 64 })),
      },
      { additionalProperties: false },
    ),
    cancellationTerms: Type.String({ maxLength: 10_000, 'x-tai-text': 'prose' }),
  },
  { additionalProperties: false },
);

export const SignatureInput = Type.Object(
  {
    signedBy: Type.String({ minLength: 1, maxLength: 200 }),
    signedAt: Type.String({ format: 'date-time', maxLength: 40 }),
  },
  { additionalProperties: false },
);

export const ContractSchema = Type.Object({
  id: Type.String(),
  customerId: CustomerId,
  document: ContractDocumentSchema,
  signature: Type.Object({
    signedBy: Type.String(),
    signedAt: Type.String(),
    documentSha256: Type.String({ description: 'SHA-256 (hex) of the RFC 8785 canonical contract document.' }),
  }),
  recordedAt: Type.String({ format: 'date-time' }),
});

export const PricingVersionSchema = Type.Object({
  version: Type.Integer(),
  effectiveFrom: CalendarDate,
  frozen: Type.Boolean({ description: 'A published version can never change.' }),
  createdAt: Type.String({ format: 'date-time' }),
  document: Type.Unknown(),
});
