/** The customer's own view: its record, contract and pricing. The key decides which customer. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getContract } from '../../../services/contracts/get-contract.ts';
import { getCustomer } from '../../../services/customers/get-customer.ts';
import { getPricing } from '../../../services/pricing/get-pricing.ts';
import { customerOf, requireCustomer } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { contractView } from '../views.ts';
import { ContractSchema, CustomerSchema, errorResponses } from '../schemas.ts';
import { pricingView, PricingVersionsBody } from './pricing-view.ts';

export const meRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  (app) => {
    const { ctx } = deps;
    const security = [{ apiKey: [] }];
    app.get(
      '/v1/me',
      {
        onRequest: requireCustomer(deps.auth),
        schema: {
          tags: ['customer'],
          summary: 'Your customer record',
          security,
          response: { 200: CustomerSchema, ...errorResponses },
        },
      },
      (request) => getCustomer({ ctx, input: { customerId: customerOf(request).customerId } }),
    );
    app.get(
      '/v1/me/contract',
      {
        onRequest: requireCustomer(deps.auth),
        schema: {
          tags: ['customer'],
          summary: 'Your contract',
          security,
          response: { 200: ContractSchema, ...errorResponses },
        },
      },
      async (request) =>
        contractView(await getContract({ ctx, input: { customerId: customerOf(request).customerId } })),
    );
    app.get(
      '/v1/me/pricing',
      {
        onRequest: requireCustomer(deps.auth, 'pricing:read'),
        schema: {
          tags: ['customer'],
          summary: 'Your pricing versions',
          security,
          response: { 200: PricingVersionsBody, ...errorResponses },
        },
      },
      async (request) => pricingView(await getPricing({ ctx, input: { customerId: customerOf(request).customerId } })),
    );
    return Promise.resolve();
  };
