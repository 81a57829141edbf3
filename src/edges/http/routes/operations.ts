/**
 * The contractual operations over HTTP: marketplace publish, listings and the public catalog; customer
 * deploy, deployments and their removal. Both writes accept an Idempotency-Key header (optional: without
 * it a retried request runs again); a replayed response carries `idempotent-replayed: true`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { performance } from 'node:perf_hooks';
import { nextSteps, type Deployment } from '../../../domain/deployment/index.ts';
import { browseCatalog } from '../../../services/operations/browse-catalog.ts';
import { deployConfiguration } from '../../../services/operations/deploy-configuration.ts';
import { getDeployment } from '../../../services/operations/get-deployment.ts';
import { listDeployments } from '../../../services/operations/list-deployments.ts';
import { listListings } from '../../../services/operations/list-listings.ts';
import { PUBLISH_DEADLINE_MS, publishListing } from '../../../services/operations/publish-listing.ts';
import { removeDeployment } from '../../../services/operations/remove-deployment.ts';
import type { HttpDeps } from '../deps.ts';
import { customerOperation, publicOperation } from '../security.ts';
import { errorResponses, INT32_MAX, withLimit } from '../schemas.ts';
import { SignedReceiptSchema } from './receipts.ts';

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      description: 'IETF httpapi Idempotency-Key: 1-255 visible ASCII characters, kept 24 h per customer',
    }),
  ),
});
const Page = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  after: Type.Optional(Type.String({ maxLength: 40 })),
};
const Any = Type.Unknown();

const CONTRACTUAL = [
  'TAI-READONLY-SYSTEM',
  'TAI-READONLY-CUSTOMER',
  'TAI-MODE-EVAL',
  'TAI-MODE-CONTRACT-REQUIRED',
  'TAI-MODE-CONTRACT-INACTIVE',
  'TAI-MODE-CONTRACT-EXCLUDES',
  'TAI-MODE-INSURANCE-REQUIRED',
  'TAI-IDEMPOTENCY-KEY-INVALID',
  'TAI-IDEMPOTENCY-MISMATCH',
  'TAI-IDEMPOTENCY-IN-FLIGHT',
  'TAI-OPERATION-TIMEOUT',
] as const;

export const DeploymentSchema = Type.Object({
  id: Type.String(),
  contractReference: Type.String(),
  target: Type.String(),
  capacityUnits: Type.Integer(),
  artifact: Type.String(),
  parameters: Type.Record(Type.String(), Any),
  state: Type.String(),
  authority: Type.String(),
  outcome: Any,
  receipts: Type.Array(Type.String()),
  nextSteps: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const deploymentView = (d: Deployment) => ({
  id: d.id,
  contractReference: d.contractReference,
  target: d.target,
  capacityUnits: d.capacityUnits,
  artifact: d.artifact,
  parameters: { ...d.parameters },
  state: d.state,
  authority: d.authority,
  outcome: d.outcome,
  receipts: [...d.receipts],
  nextSteps: nextSteps(d),
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

export const operationsRoutes =
  (_deps: HttpDeps): FastifyPluginAsyncTypebox =>
  (app) => {
    app.post(
      '/v1/marketplace/publish',
      {
        schema: {
          tags: ['operations'],
          summary: 'Publish a pricing version to the marketplace (freezes it; receipted)',
          ...customerOperation('marketplace:publish'),
          'x-tai-errors': [...CONTRACTUAL, 'TAI-PRICING-NOT-FOUND', 'TAI-PRICING-VERSION-NOT-FOUND'],
          headers: IdempotencyHeaders,
          body: Type.Object(
            {
              pricingVersion: Type.Optional(
                Type.Integer({ minimum: 1, maximum: INT32_MAX, description: 'Default: the version in force today' }),
              ),
              segment: Type.String({ minLength: 1, maxLength: 100 }),
              visibility: Type.Union([Type.Literal('public'), Type.Literal('private'), Type.Literal('unlisted')]),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Object({ listingId: Type.String(), receipt: SignedReceiptSchema }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const started = performance.now();
        const { response, replayed } = await publishListing({
          ctx: request.ctx,
          input: {
            body: request.body,
            idempotencyKey: request.headers['idempotency-key'],
            path: '/v1/marketplace/publish',
            expired: () => performance.now() - started > PUBLISH_DEADLINE_MS,
          },
        });
        if (replayed) void reply.header('idempotent-replayed', 'true');
        return reply.status(response.statusCode as 201).send(response.body as { listingId: string; receipt: never });
      },
    );

    app.get(
      '/v1/marketplace/listings',
      {
        schema: {
          tags: ['operations'],
          summary: 'Your listings',
          ...customerOperation('marketplace:read'),
          querystring: Type.Object(Page, { additionalProperties: false }),
          response: {
            200: Type.Object({ items: Type.Array(Any), next: Type.Union([Type.String(), Type.Null()]) }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const page = await listListings({ ctx: request.ctx, input: withLimit(request.query) });
        return { items: [...page.items], next: page.next };
      },
    );

    app.get(
      '/v1/marketplace/catalog',
      {
        schema: {
          tags: ['operations'],
          summary: 'Public listings of every customer (no private data)',
          ...publicOperation,
          querystring: Type.Object(Page, { additionalProperties: false }),
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  listingId: Type.String(),
                  seller: Type.String(),
                  segment: Type.String(),
                  pricingVersion: Type.Integer(),
                  pricing: Any,
                  insured: Type.Boolean(),
                  publishedAt: Type.String(),
                }),
              ),
              next: Type.Union([Type.String(), Type.Null()]),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const page = await browseCatalog({ ctx: request.ctx, input: withLimit(request.query) });
        return { items: [...page.items], next: page.next };
      },
    );

    app.post(
      '/v1/customer/deploy',
      {
        schema: {
          tags: ['operations'],
          summary:
            'Deploy a configuration under your contract (201 when done at once, 202 when it runs in the background)',
          ...customerOperation('deploy:write'),
          'x-tai-errors': [
            ...CONTRACTUAL,
            'TAI-CONTRACT-NOT-FOUND',
            'TAI-DEPLOY-CONTRACT-MISMATCH',
            'TAI-DEPLOY-TARGET-UNKNOWN',
            'TAI-DEPLOY-TARGET-NOT-ALLOWED',
            'TAI-DEPLOY-CAPACITY-EXCEEDED',
            'TAI-DEPLOY-MAX-ACTIVE',
            'TAI-DEPLOY-SPEC-INVALID',
          ],
          headers: IdempotencyHeaders,
          body: Type.Object(
            {
              contractReference: Type.String({ minLength: 1, maxLength: 200 }),
              target: Type.String({ minLength: 1, maxLength: 64 }),
              capacityUnits: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
              artifact: Type.String({ minLength: 1, maxLength: 1000 }),
              parameters: Type.Optional(
                Type.Record(
                  Type.String({ pattern: '^[A-Z0-9_]{1,64}$' }),
                  Type.Union([
                    Type.String({ maxLength: 4096, 'x-tai-text': 'prose' }),
                    Type.Number({ minimum: -1e15, maximum: 1e15 }),
                    Type.Boolean(),
                  ]),
                  {
                    description: 'Names in capitals (A-Z, 0-9, _): each reaches a command as TAI_PARAM_<NAME>',
                  },
                ),
              ),
            },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({ deploymentId: Type.String(), state: Type.String(), receipt: SignedReceiptSchema }),
            202: Type.Object({ deploymentId: Type.String(), state: Type.String(), receipt: SignedReceiptSchema }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const { response, replayed } = await deployConfiguration({
          ctx: request.ctx,
          input: {
            body: request.body,
            idempotencyKey: request.headers['idempotency-key'],
            path: '/v1/customer/deploy',
          },
        });
        if (replayed) void reply.header('idempotent-replayed', 'true');
        return reply
          .status(response.statusCode as 201)
          .send(response.body as { deploymentId: string; state: string; receipt: never });
      },
    );

    app.get(
      '/v1/deployments',
      {
        schema: {
          tags: ['operations'],
          summary: 'Your deployments',
          ...customerOperation('deploy:read'),
          querystring: Type.Object(Page, { additionalProperties: false }),
          response: {
            200: Type.Object({ items: Type.Array(DeploymentSchema), next: Type.Union([Type.String(), Type.Null()]) }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const page = await listDeployments({ ctx: request.ctx, input: withLimit(request.query) });
        return { items: page.items.map(deploymentView), next: page.next };
      },
    );

    const IdParams = Type.Object({ id: Type.String({ pattern: '^dep_[0-9a-z]{26}$' }) });
    app.get(
      '/v1/deployments/:id',
      {
        schema: {
          tags: ['operations'],
          summary: 'One deployment: state, outcome, receipts, next steps',
          ...customerOperation('deploy:read'),
          'x-tai-errors': ['TAI-DEPLOYMENT-NOT-FOUND'],
          params: IdParams,
          response: { 200: DeploymentSchema, ...errorResponses },
        },
      },
      async (request) =>
        deploymentView(await getDeployment({ ctx: request.ctx, input: { deploymentId: request.params.id } })),
    );

    app.delete(
      '/v1/deployments/:id',
      {
        schema: {
          tags: ['operations'],
          summary: 'Remove an active deployment (receipted); frees its capacity',
          ...customerOperation('deploy:write'),
          'x-tai-errors': [
            'TAI-DEPLOYMENT-NOT-FOUND',
            'TAI-DEPLOYMENT-NOT-ACTIVE',
            'TAI-READONLY-SYSTEM',
            'TAI-READONLY-CUSTOMER',
          ],
          params: IdParams,
          response: { 200: DeploymentSchema, ...errorResponses },
        },
      },
      async (request) =>
        deploymentView(await removeDeployment({ ctx: request.ctx, input: { deploymentId: request.params.id } })),
    );
    return Promise.resolve();
  };
