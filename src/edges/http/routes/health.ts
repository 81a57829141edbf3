/** GET /health: the process is up. ?deep=true also runs every registered check; 503 when one fails. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { HttpDeps } from '../deps.ts';
import { publicOperation } from '../security.ts';

const CheckResult = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('fail')]),
  detail: Type.Optional(Type.String()),
});
const HealthBody = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('fail')]),
  checks: Type.Record(Type.String(), CheckResult),
});

export const healthRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  (app) => {
    app.get(
      '/health',
      {
        schema: {
          tags: ['health'],
          summary: 'Liveness; with deep=true, every dependency check',
          ...publicOperation,
          querystring: Type.Object({ deep: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
          response: { 200: HealthBody, 503: HealthBody },
        },
      },
      async (request, reply) => {
        if (!request.query.deep) return { status: 'ok' as const, checks: {} };
        const result = await deps.health.run();
        return reply.status(result.status === 'ok' ? 200 : 503).send(result);
      },
    );
    return Promise.resolve();
  };
