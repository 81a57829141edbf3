/**
 * What /openapi.json adds to each operation beyond its route schema, by class: the catalog codes it can
 * answer (`x-tai-errors`: the edge's and its scope's, plus those the route declares), and the response
 * headers every answer may carry (`x-request-id`, `tai-read-only`, `idempotent-replayed` on writes that take
 * an Idempotency-Key) with the `banner` member of read-only answers.
 */
import type { SwaggerTransformObject } from '@fastify/swagger';
import type { ErrorCode } from '../../domain/errors/catalog/index.ts';

interface OperationObject {
  'x-tai-scope'?: string;
  'x-tai-errors'?: string[];
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses?: Record<string, { description?: string; headers?: Record<string, unknown> }>;
}

interface OpenApiObject {
  paths?: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, unknown> };
}

const EDGE: readonly ErrorCode[] = [
  'TAI-REQ-VALIDATION',
  'TAI-REQ-TEXT-INVALID',
  'TAI-REQ-BAD-URL',
  'TAI-REQ-HEADERS-TOO-LARGE',
  'TAI-REQ-BAD-REQUEST',
  'TAI-REQ-EXPECTATION-FAILED',
  'TAI-REQ-TIMEOUT',
  'TAI-AUTH-INVALID',
  'TAI-AUTH-THROTTLED',
  'TAI-INTERNAL',
  'TAI-STORE-UNAVAILABLE',
];
const WITH_BODY: readonly ErrorCode[] = [
  'TAI-REQ-MALFORMED-JSON',
  'TAI-REQ-TOO-LARGE',
  'TAI-REQ-UNSUPPORTED-MEDIA-TYPE',
];
const BY_SCOPE = (scope: string): readonly ErrorCode[] =>
  scope === 'public'
    ? []
    : scope === 'admin'
      ? ['TAI-AUTH-MISSING', 'TAI-AUTH-FORBIDDEN']
      : ['TAI-AUTH-MISSING', 'TAI-AUTH-REVOKED', 'TAI-AUTH-FORBIDDEN', 'TAI-AUTH-SCOPE'];

const HEADERS = {
  'x-request-id': {
    description: "The service's id for this request (quote it to support).",
    schema: { type: 'string' },
  },
  'tai-read-only': {
    description:
      'Present while the system or your customer is read-only: `<system|customer>; reason=<reason>`. JSON object bodies then also carry a `banner` member (`ReadOnlyBanner`), except the documents verified offline (a receipt with its proof, a checkpoint, a consistency proof, the export), which are served unchanged.',
    schema: { type: 'string' },
  },
};
const REPLAYED = {
  'idempotent-replayed': {
    description: '`true` when this answer is the stored answer to an earlier request with the same Idempotency-Key.',
    schema: { type: 'string', enum: ['true'] },
  },
};

export const documentOperations: SwaggerTransformObject = (document) => {
  if (!('openapiObject' in document)) return document.swaggerObject;
  const openapiObject = document.openapiObject as Partial<OpenApiObject>;
  for (const ops of Object.values(openapiObject.paths ?? {})) {
    for (const op of Object.values(ops)) {
      const params = op.parameters ?? [];
      const codes = new Set<string>([
        ...EDGE,
        ...(op.requestBody === undefined ? [] : WITH_BODY),
        ...(params.some((p) => p.in === 'path') ? ['TAI-REQ-URI-TOO-LONG'] : []),
        ...BY_SCOPE(op['x-tai-scope'] ?? 'public'),
        ...(op['x-tai-errors'] ?? []),
      ]);
      op['x-tai-errors'] = [...codes].sort();
      const idempotent = params.some((p) => p.in === 'header' && p.name === 'idempotency-key');
      for (const response of Object.values(op.responses ?? {})) {
        response.headers = { ...response.headers, ...HEADERS, ...(idempotent ? REPLAYED : {}) };
      }
    }
  }
  openapiObject.components = {
    ...openapiObject.components,
    schemas: {
      ...openapiObject.components?.schemas,
      ReadOnlyBanner: {
        type: 'object',
        description: 'Added to JSON object bodies while read-only (see the tai-read-only header).',
        properties: {
          scope: { type: 'string', enum: ['system', 'customer'] },
          reason: { type: 'string' },
          message: { type: 'string', description: 'Safe to show to a person.' },
        },
        required: ['scope', 'reason', 'message'],
      },
    },
  };
  return openapiObject;
};
