/** Operator resolution of orphaned deployments (docs/runbooks/instance-takeover.md). Admin token only. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { resolveDeployment } from '../../../services/operations/resolve-deployment.ts';
import type { HttpDeps } from '../deps.ts';
import { adminOperation } from '../security.ts';
import { errorResponses } from '../schemas.ts';
import { DeploymentSchema, deploymentView } from './operations.ts';
import { SignedReceiptSchema } from './receipts.ts';

const AdminDeploymentSchema = Type.Composite([
  DeploymentSchema,
  Type.Object({
    customerId: Type.String(),
    orphanedAt: Type.Union([Type.String(), Type.Null()], {
      description: 'When recovery left it for an operator (TAI_ORPHANED_DEPLOYMENTS=operator); null otherwise.',
    }),
  }),
]);

export const adminDeploymentRoutes =
  (_deps: HttpDeps): FastifyPluginAsyncTypebox =>
  (app) => {
    app.post(
      '/v1/admin/deployments/:id/resolve',
      {
        schema: {
          tags: ['admin'],
          summary: "Decide an orphaned deployment's outcome: rolled back or succeeded (receipted)",
          ...adminOperation,
          'x-tai-errors': ['TAI-DEPLOYMENT-NOT-FOUND', 'TAI-DEPLOYMENT-NOT-ACTIVE', 'TAI-DEPLOYMENT-NOT-ORPHANED'],
          params: Type.Object({ id: Type.String({ pattern: '^dep_[0-9a-z]{26}$' }) }),
          body: Type.Object(
            {
              outcome: Type.Union([Type.Literal('rolled_back'), Type.Literal('succeeded')]),
              note: Type.String({ minLength: 1, maxLength: 500, 'x-tai-text': 'prose' }),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ deployment: AdminDeploymentSchema, receipt: SignedReceiptSchema }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { deployment, receipt } = await resolveDeployment({
          ctx: request.ctx,
          input: { deploymentId: request.params.id, ...request.body },
        });
        const view = { ...deploymentView(deployment), customerId: deployment.customerId };
        return { deployment: { ...view, orphanedAt: deployment.orphanedAt }, receipt };
      },
    );
    return Promise.resolve();
  };
