/**
 * How each operation documents who may call it, in OpenAPI: the security scheme, and `x-tai-scope` naming
 * the scope (or `admin`, or `public`). The verbs enforce it; the table-driven security suite reads it back
 * from /openapi.json, so a route whose verb forgets a check fails a test by itself.
 */
import type { Scope } from '../../domain/customer/types.ts';
import type { ErrorCode } from '../../domain/errors/catalog/index.ts';

declare module 'fastify' {
  interface FastifySchema {
    'x-tai-scope'?: Scope | 'admin' | 'public';
    /** Catalog codes this operation answers beyond the edge's and its scope's (src/edges/http/openapi.ts). */
    'x-tai-errors'?: readonly ErrorCode[];
  }
}

export const customerOperation = (scope: Scope) =>
  ({
    security: [{ apiKey: [] }],
    'x-tai-scope': scope,
    description: `Requires a customer API key with the \`${scope}\` scope.`,
  }) as const;

export const adminOperation = {
  security: [{ adminToken: [] }],
  'x-tai-scope': 'admin',
  description: 'Requires the admin token (TAI_ADMIN_TOKEN).',
} as const;

export const publicOperation = {
  security: [],
  'x-tai-scope': 'public',
  description: 'Public: no credentials needed.',
} as const;
