/** Operator onboarding: customers, API keys, contracts, pricing versions. Admin token only. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { issueApiKey } from '../../../services/api-keys/issue-api-key.ts';
import { listApiKeys } from '../../../services/api-keys/list-api-keys.ts';
import { revokeApiKey } from '../../../services/api-keys/revoke-api-key.ts';
import { getContract } from '../../../services/contracts/get-contract.ts';
import { recordContract } from '../../../services/contracts/record-contract.ts';
import { changeMode } from '../../../services/customers/change-mode.ts';
import { createCustomer } from '../../../services/customers/create-customer.ts';
import { getCustomer } from '../../../services/customers/get-customer.ts';
import { listCustomers } from '../../../services/customers/list-customers.ts';
import { getPricing } from '../../../services/pricing/get-pricing.ts';
import { storePricing } from '../../../services/pricing/store-pricing.ts';
import type { HttpDeps } from '../deps.ts';
import { adminOperation } from '../security.ts';
import { contractView, customerPageView } from '../views.ts';
import {
  ContractDocumentSchema,
  ContractSchema,
  CustomerId,
  CustomerSchema,
  errorResponses,
  KeyId,
  Mode,
  ScopeSchema,
  SignatureInput,
  withLimit,
} from '../schemas.ts';
import { PricingBody, pricingView, PricingVersionsBody } from './pricing-view.ts';
import { SignedReceiptSchema } from './receipts.ts';

const Params = Type.Object({ id: CustomerId });
const ApiKeyView = Type.Object({
  id: KeyId,
  scopes: Type.Array(ScopeSchema),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
});

export const adminCustomerRoutes =
  (_deps: HttpDeps): FastifyPluginAsyncTypebox =>
  (app) => {
    app.post(
      '/v1/admin/customers',
      {
        schema: {
          tags: ['admin'],
          summary: 'Create a customer',
          ...adminOperation,
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 200 }),
              contactEmail: Type.String({ format: 'email', maxLength: 320 }),
              mode: Mode,
            },
            { additionalProperties: false },
          ),
          response: { 201: CustomerSchema, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await createCustomer({ ctx: request.ctx, input: request.body })),
    );

    app.get(
      '/v1/admin/customers',
      {
        schema: {
          tags: ['admin'],
          summary: 'List customers',
          ...adminOperation,
          querystring: Type.Object(
            {
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
              after: Type.Optional(CustomerId),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ items: Type.Array(CustomerSchema), next: Type.Union([Type.String(), Type.Null()]) }),
            ...errorResponses,
          },
        },
      },
      async (request) => customerPageView(await listCustomers({ ctx: request.ctx, input: withLimit(request.query) })),
    );

    app.get(
      '/v1/admin/customers/:id',
      {
        schema: {
          tags: ['admin'],
          summary: 'Read a customer',
          ...adminOperation,
          'x-tai-errors': ['TAI-CUSTOMER-NOT-FOUND'],
          params: Params,
          response: { 200: CustomerSchema, ...errorResponses },
        },
      },
      (request) => getCustomer({ ctx: request.ctx, input: { customerId: request.params.id } }),
    );

    app.put(
      '/v1/admin/customers/:id/mode',
      {
        schema: {
          tags: ['admin'],
          summary: "Change a customer's mode (leaves a receipt)",
          ...adminOperation,
          'x-tai-errors': ['TAI-CUSTOMER-NOT-FOUND'],
          params: Params,
          body: Type.Object(
            { mode: Mode, reason: Type.String({ minLength: 1, maxLength: 500, 'x-tai-text': 'prose' }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ customer: CustomerSchema, receipt: SignedReceiptSchema }), ...errorResponses },
        },
      },
      (request) => changeMode({ ctx: request.ctx, input: { customerId: request.params.id, ...request.body } }),
    );

    app.post(
      '/v1/admin/customers/:id/api-keys',
      {
        schema: {
          tags: ['admin'],
          summary: 'Issue a scoped API key (the secret is shown once)',
          ...adminOperation,
          'x-tai-errors': ['TAI-CUSTOMER-NOT-FOUND'],
          params: Params,
          body: Type.Object(
            { scopes: Type.Array(ScopeSchema, { minItems: 1, maxItems: 16 }) },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({
              id: KeyId,
              secret: Type.String({
                description: 'Bearer token for the customer. Shown once; only its hash is stored.',
              }),
              scopes: Type.Array(ScopeSchema),
              createdAt: Type.String(),
            }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const issued = await issueApiKey({
          ctx: request.ctx,
          input: { customerId: request.params.id, scopes: request.body.scopes },
        });
        return reply.status(201).send({
          id: issued.key.id,
          secret: issued.secret,
          scopes: [...issued.key.scopes],
          createdAt: issued.key.createdAt,
        });
      },
    );

    app.get(
      '/v1/admin/customers/:id/api-keys',
      {
        schema: {
          tags: ['admin'],
          summary: "List a customer's API keys (never their secrets)",
          ...adminOperation,
          'x-tai-errors': ['TAI-CUSTOMER-NOT-FOUND'],
          params: Params,
          response: { 200: Type.Object({ items: Type.Array(ApiKeyView) }), ...errorResponses },
        },
      },
      async (request) => {
        const keys = await listApiKeys({ ctx: request.ctx, input: { customerId: request.params.id } });
        return { items: keys.map((k) => ({ ...k, scopes: [...k.scopes] })) };
      },
    );

    app.delete(
      '/v1/admin/customers/:id/api-keys/:keyId',
      {
        schema: {
          tags: ['admin'],
          summary: 'Revoke an API key',
          ...adminOperation,
          params: Type.Object({ id: CustomerId, keyId: KeyId }),
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await revokeApiKey({ ctx: request.ctx, input: { customerId: request.params.id, keyId: request.params.keyId } });
        return reply.status(204).send(null);
      },
    );

    app.put(
      '/v1/admin/customers/:id/contract',
      {
        schema: {
          tags: ['admin'],
          summary: "Record the customer's contract and its signature",
          ...adminOperation,
          'x-tai-errors': ['TAI-CUSTOMER-NOT-FOUND'],
          params: Params,
          body: Type.Composite([ContractDocumentSchema, Type.Object({ signature: SignatureInput })], {
            additionalProperties: false,
          }),
          response: { 200: ContractSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { signature, ...document } = request.body;
        return contractView(
          await recordContract({ ctx: request.ctx, input: { customerId: request.params.id, document, signature } }),
        );
      },
    );

    app.get(
      '/v1/admin/customers/:id/contract',
      {
        schema: {
          tags: ['admin'],
          summary: "The customer's contract",
          ...adminOperation,
          'x-tai-errors': ['TAI-CUSTOMER-NOT-FOUND'],
          params: Params,
          response: { 200: ContractSchema, ...errorResponses },
        },
      },
      async (request) =>
        contractView(await getContract({ ctx: request.ctx, input: { customerId: request.params.id } })),
    );

    app.put(
      '/v1/admin/customers/:id/pricing',
      {
        schema: {
          tags: ['admin'],
          summary: 'Store a new immutable pricing version',
          ...adminOperation,
          'x-tai-errors': ['TAI-CUSTOMER-NOT-FOUND'],
          params: Params,
          body: PricingBody,
          response: { 201: Type.Object({ version: Type.Integer(), effectiveFrom: Type.String() }), ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await storePricing({ ctx: request.ctx, input: { customerId: request.params.id, document: request.body } }),
          ),
    );

    app.get(
      '/v1/admin/customers/:id/pricing',
      {
        schema: {
          tags: ['admin'],
          summary: 'Every pricing version',
          ...adminOperation,
          'x-tai-errors': ['TAI-CUSTOMER-NOT-FOUND'],
          params: Params,
          response: { 200: PricingVersionsBody, ...errorResponses },
        },
      },
      async (request) => pricingView(await getPricing({ ctx: request.ctx, input: { customerId: request.params.id } })),
    );
    return Promise.resolve();
  };
