/** Builds the Fastify application: logging, request ids, validation, errors, OpenAPI and every route. */
import swagger from '@fastify/swagger';
import helmet from '@fastify/helmet';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { renderErrorCatalogHtml } from '../../domain/errors/render-html.ts';
import { renderErrorCatalog } from '../../domain/errors/render-markdown.ts';
import { newId } from '../../domain/shared/ids.ts';
import type { ServiceContext } from '../../services/context.ts';
import { CredentialFailures } from '../../services/auth/credential-failures.ts';
import { authenticateRequest } from './auth.ts';
import type { HttpDeps } from './deps.ts';
import { withReadOnlyBanner } from './banner.ts';
import { jsonBodyParser } from './body.ts';
import { ErrorBody } from './schemas.ts';
import { documentOperations } from './openapi.ts';
import { errorHandler, sendError } from './errors.ts';
import { clientErrorHandler, expectationFailed, frameworkErrors } from './framework-errors.ts';
import { docsCsp, securityHeaders } from './security-headers.ts';
import { adminAuditRoutes } from './routes/admin-audit.ts';
import { adminNotificationRoutes } from './routes/admin-notifications.ts';
import { adminNotificationTemplateRoutes } from './routes/admin-notification-templates.ts';
import { adminCustomerRoutes } from './routes/admin-customers.ts';
import { adminDeploymentRoutes } from './routes/admin-deployments.ts';
import { adminRevenueRoutes } from './routes/admin-revenue.ts';
import { healthRoutes } from './routes/health.ts';
import { insuranceRoutes } from './routes/insurance.ts';
import { meRoutes } from './routes/me.ts';
import { operationsRoutes } from './routes/operations.ts';
import { pricingRoutes } from './routes/pricing.ts';
import { receiptRoutes } from './routes/receipts.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { usageRoutes } from './routes/usage.ts';
import { usageHook } from './usage-hook.ts';
import { metricsRoute } from './routes/metrics.ts';
import { registerRequestTelemetry } from './telemetry.ts';
import { validatorCompiler } from './validation.ts';
import { opsDashboard } from '../dashboard/index.ts';

// A client's X-Request-Id is logged beside the service's own id (never adopted: it would let a caller
// spoof log correlation); only a value of this shape is logged.
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export const buildHttpApp = async (deps: HttpDeps): Promise<FastifyInstance> => {
  const newRequestId = () => newId('req', deps.ctx.clock.now());
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: deps.config.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: newRequestId,
    frameworkErrors,
    clientErrorHandler: clientErrorHandler(newRequestId, (detail) => deps.logger.info(detail, 'client error')),
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.server.on('checkExpectation', expectationFailed(newRequestId));

  app.setValidatorCompiler(validatorCompiler);
  app.addSchema(ErrorBody);
  // Anything strict JSON lets through goes on to Fastify's JSON parser, which refuses prototype poisoning.
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  // JSON is the only media type the API reads: anything else is 415 TAI-REQ-UNSUPPORTED-MEDIA-TYPE.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    jsonBodyParser((request, text, done) => void jsonParser(request, text, done)),
  );
  app.decorateRequest('ctx', null as unknown as ServiceContext);
  // A client's own request id goes on every line of the request, Fastify's "request completed" (written
  // through reply.log) included; before the telemetry hook, which marks the final loggers with the trace.
  app.addHook('onRequest', (request, reply, done) => {
    const incoming = request.headers['x-request-id'];
    if (typeof incoming === 'string' && CLIENT_REQUEST_ID.test(incoming)) {
      request.log = request.log.child({ clientRequestId: incoming });
      reply.log = request.log;
    }
    done();
  });
  registerRequestTelemetry(app, deps.ctx.metrics);
  // Before authentication, so a refused credential's answer carries the headers too.
  await app.register(helmet, securityHeaders(deps.config.servedOverTls));
  app.addHook('onRequest', authenticateRequest(deps.auth, deps.authThrottle));
  app.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    // Answers carry customer data, keys or secrets unless they say otherwise (the /docs assets do).
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, withReadOnlyBanner(deps.ctx, request, reply, payload));
  });
  if (deps.usage !== undefined) app.addHook('onResponse', usageHook(deps.usage, deps.ctx.clock));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => sendError(reply, request, new DomainError('TAI-REQ-NOT-FOUND')));

  await app.register(swagger, {
    transformObject: documentOperations,
    // Shared schemas keep their $id as their name in components.schemas.
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => (typeof json['$id'] === 'string' ? json['$id'] : `def-${i}`),
    },
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
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    transformStaticCSP: docsCsp(deps.config.servedOverTls),
  });

  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  // A browser (Accept: text/html) gets the HTML page whose anchors the `docs` links jump to; others markdown.
  const errorsHtml = renderErrorCatalogHtml();
  app.get('/errors', { schema: { hide: true } }, (request, reply) => {
    void reply.header('vary', 'accept').header('cache-control', 'public, max-age=300');
    return (request.headers.accept ?? '').includes('text/html')
      ? reply.type('text/html; charset=utf-8').send(errorsHtml)
      : reply.type('text/markdown; charset=utf-8').send(renderErrorCatalog());
  });

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
  await app.register(adminNotificationTemplateRoutes(deps));
  await app.register(usageRoutes(deps));
  await app.register(adminRevenueRoutes(deps));
  await app.register(adminDeploymentRoutes(deps));
  const failures = new CredentialFailures(deps.ctx, deps.authThrottle);
  if (deps.metricsEndpoint !== undefined) await app.register(metricsRoute(deps.metricsEndpoint, failures));
  await app.register(opsDashboard(deps, failures));
  return app;
};
