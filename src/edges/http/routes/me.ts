/** The customer's own view: its record, contract and pricing. The key decides which customer. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getMyContract } from '../../../services/contracts/get-my-contract.ts';
import { getMe } from '../../../services/customers/get-me.ts';
import { getMyPricing } from '../../../services/pricing/get-my-pricing.ts';
import type { HttpDeps } from '../deps.ts';
import { customerOperation } from '../security.ts';
import { contractView } from '../views.ts';
import { ContractSchema, CustomerSchema, errorResponses } from '../schemas.ts';
import { pricingView, PricingVersionsBody } from './pricing-view.ts';

export const meRoutes =
  (_deps: HttpDeps): FastifyPluginAsyncTypebox =>
  (app) => {
    app.get(
      '/v1/me',
      {
        schema: {
          tags: ['customer'],
          summary: 'Your customer record',
          ...customerOperation('account:read'),
          response: { 200: CustomerSchema, ...errorResponses },
        },
      },
      (request) => getMe({ ctx: request.ctx, input: {} }),
    );
    app.get(
      '/v1/me/contract',
      {
        schema: {
          tags: ['customer'],
          summary: 'Your contract',
          ...customerOperation('account:read'),
          response: { 200: ContractSchema, ...errorResponses },
        },
      },
      async (request) => contractView(await getMyContract({ ctx: request.ctx, input: {} })),
    );
    app.get(
      '/v1/me/pricing',
      {
        schema: {
          tags: ['customer'],
          summary: 'Your pricing versions',
          ...customerOperation('pricing:read'),
          response: { 200: PricingVersionsBody, ...errorResponses },
        },
      },
      async (request) => pricingView(await getMyPricing({ ctx: request.ctx, input: {} })),
    );
    return Promise.resolve();
  };
