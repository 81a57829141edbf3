/** Builds the Fastify application: logging, request ids, validation, errors, OpenAPI and every route. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { strictJsonProblem } from '../../domain/receipts/strict-json.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { renderErrorCatalog } from '../../domain/errors/render-markdown.ts';
import { newId } from '../../domain/shared/ids.ts';
import type { ServiceContext } from '../../services/context.ts';
import { authenticateRequest } from './auth.ts';
import type { HttpDeps } from './deps.ts';
import { withReadOnlyBanner } from './banner.ts';
import { errorHandler, sendError } from './errors.ts';
import { adminAuditRoutes } from './routes/admin-audit.ts';
import { adminNotificationRoutes } from './routes/admin-notifications.ts';
import { adminCustomerRoutes } from './routes/admin-customers.ts';
import { healthRoutes } from './routes/health.ts';
import { insuranceRoutes } from './routes/insurance.ts';
import { meRoutes } from './routes/me.ts';
import { operationsRoutes } from './routes/operations.ts';
import { pricingRoutes } from './routes/pricing.ts';
import { receiptRoutes } from './routes/receipts.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { validatorCompiler } from './validation.ts';

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export const buildHttpApp = async (deps: HttpDeps): Promise<FastifyInstance> => {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: deps.config.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && INCOMING_REQUEST_ID.test(incoming)
        ? incoming
        : newId('req', deps.ctx.clock.now());
    },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // An empty body sent as application/json (what curl does for a bare POST) is no body at all; routes that
  // need one still refuse it through their schema. Anything else goes to Fastify's safe JSON parser.
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    // Strict JSON (docs/receipts.md section 1): no byte-order mark, no member name twice, no lone surrogate.
    const problem = text === '' ? null : strictJsonProblem(text);
    if (text === '') done(null, undefined);
    else if (problem !== null) done(new DomainError('TAI-REQ-MALFORMED-JSON', { detail: problem }), undefined);
    else void jsonParser(request, text, done);
  });
  app.decorateRequest('ctx', null as unknown as ServiceContext);
  app.addHook('onRequest', authenticateRequest(deps.auth));
  app.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, withReadOnlyBanner(deps.ctx, request, reply, payload));
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => sendError(reply, request, new DomainError('TAI-REQ-NOT-FOUND')));

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'TAI Autonomics pricing engine',
        version: '0.1.0',
        description: 'Quotes, insured contractual operations and signed receipts. Errors: see /errors.',
      },
      components: {
        securitySchemes: {
          adminToken: { type: 'http', scheme: 'bearer', description: 'TAI_ADMIN_TOKEN' },
          apiKey: { type: 'http', scheme: 'bearer', description: 'A customer API key: <keyId>.<secret>' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  app.get('/errors', { schema: { hide: true } }, (_request, reply) =>
    reply.type('text/markdown; charset=utf-8').send(renderErrorCatalog()),
  );

  await app.register(healthRoutes(deps));
  await app.register(adminCustomerRoutes(deps));
  await app.register(adminAuditRoutes(deps));
  await app.register(meRoutes(deps));
  await app.register(receiptRoutes(deps));
  await app.register(pricingRoutes(deps));
  await app.register(insuranceRoutes(deps));
  await app.register(operationsRoutes(deps));
  await app.register(webhookRoutes(deps));
  await app.register(adminNotificationRoutes(deps));
  return app;
};
