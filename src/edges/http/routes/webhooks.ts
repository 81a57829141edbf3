/** A customer's own webhook endpoints: register, list, delete, rotate the signing secret. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { urlPolicyFor } from '../../../adapters/notifier/channels/webhook/url-policy.ts';
import { NOTIFICATION_TYPES } from '../../../domain/delivery/notification.ts';
import { deleteWebhook } from '../../../services/webhooks/delete-webhook.ts';
import { listWebhooks } from '../../../services/webhooks/list-webhooks.ts';
import { registerWebhook } from '../../../services/webhooks/register-webhook.ts';
import { rotateWebhookSecret } from '../../../services/webhooks/rotate-webhook-secret.ts';
import type { HttpDeps } from '../deps.ts';
import { customerOperation } from '../security.ts';
import { errorResponses } from '../schemas.ts';

const EventName = Type.Union([Type.Literal('*'), ...NOTIFICATION_TYPES.map((t) => Type.Literal(t))]);
const EndpointId = Type.String({ pattern: '^whe_[0-9a-z]{26}$' });

const Endpoint = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('enabled'), Type.Literal('disabled')]),
  signingSecrets: Type.Integer({ description: 'Secrets signing each delivery now: 2 during a rotation.' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const WithSecret = Type.Intersect([
  Endpoint,
  Type.Object({ secret: Type.String({ description: 'The whsec_ signing secret. Shown once.' }) }),
]);

const view = <T extends { readonly events: readonly string[] }>(e: T): T & { events: string[] } => ({
  ...e,
  events: [...e.events],
});

export const webhookRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  (app) => {
    const policy = urlPolicyFor(deps.config.profile);
    app.post(
      '/v1/me/webhooks',
      {
        schema: {
          tags: ['customer'],
          summary: 'Register a webhook endpoint (its signing secret is returned once)',
          ...customerOperation('webhooks:write'),
          body: Type.Object(
            { url: Type.String({ maxLength: 2048 }), events: Type.Array(EventName, { minItems: 1, maxItems: 50 }) },
            { additionalProperties: false },
          ),
          response: { 201: WithSecret, ...errorResponses },
        },
      },
      async (request, reply) => {
        const made = await registerWebhook({ ctx: request.ctx, input: { ...request.body, policy } });
        return reply.status(201).send(view(made));
      },
    );
    app.get(
      '/v1/me/webhooks',
      {
        schema: {
          tags: ['customer'],
          summary: 'Your webhook endpoints',
          ...customerOperation('webhooks:write'),
          response: { 200: Type.Object({ items: Type.Array(Endpoint) }), ...errorResponses },
        },
      },
      async (request) => ({ items: (await listWebhooks({ ctx: request.ctx, input: {} })).map(view) }),
    );
    app.delete(
      '/v1/me/webhooks/:id',
      {
        schema: {
          tags: ['customer'],
          summary: 'Remove a webhook endpoint',
          ...customerOperation('webhooks:write'),
          params: Type.Object({ id: EndpointId }),
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await deleteWebhook({ ctx: request.ctx, input: { id: request.params.id } });
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/v1/me/webhooks/:id/rotate',
      {
        schema: {
          tags: ['customer'],
          summary: 'Rotate the signing secret (the previous one keeps signing until the next rotation)',
          ...customerOperation('webhooks:write'),
          params: Type.Object({ id: EndpointId }),
          response: { 200: WithSecret, ...errorResponses },
        },
      },
      async (request) => view(await rotateWebhookSecret({ ctx: request.ctx, input: { id: request.params.id } })),
    );
    return Promise.resolve();
  };
