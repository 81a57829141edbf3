/** POST /v1/pricing/calculate: an explained quote from the pricing version in force (scope pricing:read). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { QuoteRequestSchema, QuoteSchema } from '../../../domain/pricing/index.ts';
import { calculateQuote } from '../../../services/pricing/calculate-quote.ts';
import type { HttpDeps } from '../deps.ts';
import { customerOperation } from '../security.ts';
import { errorResponses } from '../schemas.ts';
import { SignedReceiptSchema } from './receipts.ts';

const QuoteResponse = Type.Composite([
  QuoteSchema,
  Type.Object({
    mode: Type.String(),
    authority: Type.String({ description: 'advisory: a quote states prices but is not itself a contractual act' }),
    receipt: Type.Optional(SignedReceiptSchema),
  }),
]);

export const pricingRoutes =
  (_deps: HttpDeps): FastifyPluginAsyncTypebox =>
  (app) => {
    app.post(
      '/v1/pricing/calculate',
      {
        schema: {
          tags: ['pricing'],
          summary: 'Quote prices with a line-by-line explanation (add "receipt": true for a signed receipt)',
          ...customerOperation('pricing:read'),
          body: QuoteRequestSchema,
          response: { 200: QuoteResponse, ...errorResponses },
        },
      },
      (request) => calculateQuote({ ctx: request.ctx, input: { request: request.body } }),
    );
    return Promise.resolve();
  };
