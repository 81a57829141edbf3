/** Operator routes for notification delivery: deliveries with their attempts, and redelivery of dead letters. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { listNotifications } from '../../../services/delivery/list-notifications.ts';
import { redeliverNotification } from '../../../services/delivery/redeliver.ts';
import type { HttpDeps } from '../deps.ts';
import { adminOperation } from '../security.ts';
import { errorResponses } from '../schemas.ts';

const Status = Type.Union(['pending', 'held', 'delivered', 'dead', 'coalesced'].map((s) => Type.Literal(s)));
const ChannelName = Type.Union(['email', 'slack', 'pagerduty', 'webhook'].map((s) => Type.Literal(s)));

export const adminNotificationRoutes =
  (_deps: HttpDeps): FastifyPluginAsyncTypebox =>
  (app) => {
    app.get(
      '/v1/admin/notifications',
      {
        schema: {
          tags: ['admin'],
          summary: 'Notification deliveries, with their attempts (paged by id)',
          ...adminOperation,
          querystring: Type.Object(
            {
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
              after: Type.Optional(Type.String({ maxLength: 200 })),
              status: Type.Optional(Status),
              type: Type.Optional(Type.String({ maxLength: 100 })),
              customer: Type.Optional(Type.String({ maxLength: 100 })),
              channel: Type.Optional(ChannelName),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              items: Type.Array(Type.Record(Type.String(), Type.Unknown())),
              next: Type.Union([Type.String(), Type.Null()]),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const q = request.query;
        const page = await listNotifications({
          ctx: request.ctx,
          input: {
            limit: q.limit ?? 50,
            after: q.after,
            status: q.status as 'dead' | undefined,
            type: q.type,
            customerId: q.customer,
            channel: q.channel as 'email' | undefined,
          },
        });
        return { items: page.items.map((d) => ({ ...d })), next: page.next };
      },
    );
    app.post(
      '/v1/admin/notifications/:id/redeliver',
      {
        schema: {
          tags: ['admin'],
          summary: 'Send a dead-lettered delivery again, from its first attempt, with the same ids',
          ...adminOperation,
          params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
          response: { 202: Type.Object({ id: Type.String(), status: Type.Literal('pending') }), ...errorResponses },
        },
      },
      async (request, reply) => {
        await redeliverNotification({ ctx: request.ctx, input: { id: request.params.id } });
        return reply.status(202).send({ id: request.params.id, status: 'pending' as const });
      },
    );
    return Promise.resolve();
  };
