/** Receipts and the customer's transparency log (scope receipts:read, own customer only), and the public keys. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { RECEIPT_KINDS } from '../../../domain/receipts/receipt-format.ts';
import { exportReceipts } from '../../../services/receipts/export-receipts.ts';
import { getCheckpoint } from '../../../services/receipts/get-checkpoint.ts';
import { getConsistency } from '../../../services/receipts/get-consistency.ts';
import { getReceipt } from '../../../services/receipts/get-receipt.ts';
import { listReceipts } from '../../../services/receipts/list-receipts.ts';
import { publishedKeys } from '../../../services/receipts/published-keys.ts';
import type { HttpDeps } from '../deps.ts';
import { customerOperation, publicOperation } from '../security.ts';
import { errorResponses, INT32_MAX, withLimit } from '../schemas.ts';

export const SignedReceiptSchema = Type.Object(
  {
    body: Type.Object({
      format: Type.Optional(Type.Literal('tai-receipt/2', { description: 'format 2; absent in format 1' })),
      id: Type.String(),
      customerId: Type.String(),
      logIndex: Type.Integer(),
      kind: Type.String(),
      mode: Type.String(),
      authority: Type.String(),
      issuedAt: Type.String(),
      requestDigest: Type.String(),
      resultDigest: Type.String(),
      contractReference: Type.Union([Type.String(), Type.Null()]),
      insurance: Type.Union([
        Type.Object({
          certificateId: Type.String(),
          policyNumber: Type.String(),
          insurer: Type.String(),
          expiresAt: Type.String(),
        }),
        Type.Null(),
      ]),
      disclaimer: Type.Union([Type.String(), Type.Null()]),
      previousHash: Type.String(),
      keyId: Type.String(),
    }),
    signature: Type.String({ description: 'base64url Ed25519 signature over the RFC 8785 bytes of body' }),
  },
  { description: 'See docs/receipts.md for the exact bytes that are signed and hashed.' },
);

const Proof = Type.Object({ leafIndex: Type.Integer(), treeSize: Type.Integer(), hashes: Type.Array(Type.String()) });
const CheckpointText = Type.String({ description: 'C2SP tlog-checkpoint in a signed note' });

export const receiptRoutes =
  (_deps: HttpDeps): FastifyPluginAsyncTypebox =>
  (app) => {
    app.get(
      '/.well-known/tai-receipt-keys.json',
      {
        schema: {
          tags: ['receipts'],
          summary: 'Every receipt signing public key (JWKS), active and retired',
          ...publicOperation,
          response: { 200: Type.Unknown() },
        },
      },
      (request) => publishedKeys({ ctx: request.ctx, input: {} }),
    );

    app.get(
      '/v1/receipts',
      {
        schema: {
          tags: ['receipts'],
          summary: 'Your receipts, oldest first, a page at a time',
          ...customerOperation('receipts:read'),
          querystring: Type.Object(
            {
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
              after: Type.Optional(
                Type.Integer({
                  minimum: -1,
                  maximum: INT32_MAX,
                  description: 'Log index of the last receipt of the previous page',
                }),
              ),
              kind: Type.Optional(Type.String({ maxLength: 64, examples: [...RECEIPT_KINDS] })),
              from: Type.Optional(Type.String({ format: 'date-time' })),
              to: Type.Optional(Type.String({ format: 'date-time' })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              items: Type.Array(SignedReceiptSchema),
              next: Type.Union([Type.Integer(), Type.Null()]),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const q = request.query;
        return listReceipts({
          ctx: request.ctx,
          input: {
            limit: withLimit(q).limit,
            after: q.after,
            kind: q.kind,
            from: q.from === undefined ? undefined : new Date(q.from).toISOString(),
            to: q.to === undefined ? undefined : new Date(q.to).toISOString(),
          },
        });
      },
    );

    app.get(
      '/v1/receipts/:id',
      {
        config: { verbatim: true },
        schema: {
          tags: ['receipts'],
          summary: 'One receipt with its inclusion proof against the latest signed checkpoint',
          ...customerOperation('receipts:read'),
          params: Type.Object({ id: Type.String({ pattern: '^rcpt_[0-9a-z]{26}$' }) }),
          response: {
            200: Type.Object({ receipt: SignedReceiptSchema, inclusionProof: Proof, checkpoint: CheckpointText }),
            ...errorResponses,
          },
        },
      },
      async (request) => getReceipt({ ctx: request.ctx, input: { receiptId: request.params.id } }),
    );

    app.get(
      '/v1/ledger/checkpoint',
      {
        config: { verbatim: true },
        schema: {
          tags: ['receipts'],
          summary:
            'The latest checkpoint of your log that witnesses cosigned (the latest signed one without witnesses)',
          ...customerOperation('receipts:read'),
          response: {
            200: Type.Object({
              treeSize: Type.Integer(),
              rootHash: Type.String({ description: 'hex' }),
              checkpoint: CheckpointText,
              witnessedAt: Type.Union([Type.String(), Type.Null()], {
                description: 'the newest cosignature time, null when not cosigned',
              }),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const cp = await getCheckpoint({ ctx: request.ctx, input: {} });
        return {
          treeSize: cp.row.treeSize,
          rootHash: cp.row.rootHash,
          checkpoint: cp.note,
          witnessedAt: cp.witnessedAt,
        };
      },
    );

    app.get(
      '/v1/ledger/consistency',
      {
        config: { verbatim: true },
        schema: {
          tags: ['receipts'],
          summary: 'RFC 6962 consistency proof between two tree sizes (to defaults to the latest)',
          ...customerOperation('receipts:read'),
          querystring: Type.Object(
            {
              from: Type.Integer({ minimum: 0, maximum: INT32_MAX }),
              to: Type.Optional(Type.Integer({ minimum: 0, maximum: INT32_MAX })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              from: Type.Integer(),
              to: Type.Integer(),
              hashes: Type.Array(Type.String()),
              checkpoint: CheckpointText,
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => getConsistency({ ctx: request.ctx, input: request.query }),
    );

    app.get(
      '/v1/ledger/export',
      {
        config: { verbatim: true },
        schema: {
          tags: ['receipts'],
          summary: 'One self-contained bundle (public keys, latest checkpoint, every receipt) for `tai verify`',
          ...customerOperation('receipts:read'),
          response: { 200: Type.Unknown(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { customerId, bundle } = await exportReceipts({ ctx: request.ctx, input: {} });
        return reply.header('content-disposition', `attachment; filename="${customerId}-receipts.json"`).send(bundle);
      },
    );
    return Promise.resolve();
  };
