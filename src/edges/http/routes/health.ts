/**
 * GET /health: without credentials, only whether the process is up. ?deep=true (the admin token only) runs
 * every registered check (store schema, certificates tracked, the insurer really called); 503 when one fails.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { requireAdmin } from '../../../services/auth/require.ts';
import type { HttpDeps } from '../deps.ts';
import { errorResponses } from '../schemas.ts';
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
          summary: 'Liveness; with deep=true and the admin token, every dependency check',
          ...publicOperation,
          description:
            'Public: no credentials needed for liveness. `deep=true` requires the admin token (401 TAI-AUTH-MISSING without it).',
          querystring: Type.Object({ deep: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
          response: {
            200: HealthBody,
            503: HealthBody,
            400: errorResponses[400],
            401: errorResponses[401],
            403: errorResponses[403],
          },
        },
      },
      async (request, reply) => {
        if (!request.query.deep) return { status: 'ok' as const, checks: {} };
        await requireAdmin(request.ctx);
        const result = await deps.health.run();
        return reply.status(result.status === 'ok' ? 200 : 503).send(result);
      },
    );
    return Promise.resolve();
  };
