/** Operator routes for the evidence itself: the audit trail (filtered, paged by sequence) and receipt key rotation. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AUDIT_OUTCOMES } from '../../../domain/receipts/audit-chain.ts';
import { queryAudit } from '../../../services/audit/query-audit.ts';
import { rotateReceiptKey } from '../../../services/receipts/rotate-keys.ts';
import { revokeReceiptKey } from '../../../services/receipts/revoke-receipt-key.ts';
import type { HttpDeps } from '../deps.ts';
import { adminOperation } from '../security.ts';
import { CustomerId, errorResponses, withLimit } from '../schemas.ts';

const AuditEventSchema = Type.Object({
  seq: Type.Integer(),
  id: Type.String(),
  at: Type.String(),
  type: Type.String(),
  actor: Type.String({ description: 'API key id, admin, system or anonymous; never a secret' }),
  customerPseudonym: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  prevHash: Type.String(),
  hash: Type.String(),
});

export const adminAuditRoutes =
  (_deps: HttpDeps): FastifyPluginAsyncTypebox =>
  (app) => {
    app.get(
      '/v1/admin/audit',
      {
        schema: {
          tags: ['admin'],
          summary: 'The hash-chained audit trail',
          ...adminOperation,
          querystring: Type.Object(
            {
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
              after: Type.Optional(
                Type.Integer({
                  minimum: 0,
                  maximum: Number.MAX_SAFE_INTEGER,
                  description: 'seq of the last event of the previous page',
                }),
              ),
              from: Type.Optional(Type.String({ format: 'date-time' })),
              to: Type.Optional(Type.String({ format: 'date-time' })),
              type: Type.Optional(Type.String({ maxLength: 100 })),
              customer: Type.Optional(CustomerId),
              outcome: Type.Optional(Type.Union(AUDIT_OUTCOMES.map((o) => Type.Literal(o)))),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ items: Type.Array(AuditEventSchema), next: Type.Union([Type.Integer(), Type.Null()]) }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const q = request.query;
        const iso = (s: string | undefined) => (s === undefined ? undefined : new Date(s).toISOString());
        const page = await queryAudit({
          ctx: request.ctx,
          input: {
            limit: withLimit(q).limit,
            afterSeq: q.after,
            from: iso(q.from),
            to: iso(q.to),
            type: q.type,
            customerId: q.customer,
            outcome: q.outcome,
          },
        });
        return { items: page.items.map((e) => ({ ...e, details: { ...e.details } })), next: page.next };
      },
    );
    app.post(
      '/v1/admin/receipt-keys/rotate',
      {
        schema: {
          tags: ['admin'],
          summary: 'Rotate the receipt signing key (old public keys stay in the JWKS)',
          ...adminOperation,
          response: { 200: Type.Object({ activeKid: Type.String(), retiredKid: Type.String() }), ...errorResponses },
        },
      },
      (request) => rotateReceiptKey({ ctx: request.ctx, input: {} }),
    );
    app.post(
      '/v1/admin/receipt-keys/:kid/revoke',
      {
        schema: {
          tags: ['admin'],
          summary: 'Mark a receipt signing key compromised from compromisedAt on (the active key is rotated out first)',
          ...adminOperation,
          params: Type.Object({ kid: Type.String({ pattern: '^ed25519-[A-Za-z0-9_-]{11}$' }) }),
          body: Type.Object(
            {
              compromisedAt: Type.String({ maxLength: 40, description: 'instant, e.g. 2026-01-15T09:30:00.000Z' }),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ kid: Type.String(), compromisedAt: Type.String(), activeKid: Type.String() }),
            ...errorResponses,
          },
        },
      },
      (request) =>
        revokeReceiptKey({
          ctx: request.ctx,
          input: { kid: request.params.kid, compromisedAt: request.body.compromisedAt },
        }),
    );
    return Promise.resolve();
  };
