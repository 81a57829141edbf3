/**
 * Operator routes for notification templates: the one in use per (type, channel) with its history, a new
 * version (refused when it does not render against the type's sample), and a preview of the message.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CHANNELS, NOTIFICATION_TYPES } from '../../../domain/delivery/notification.ts';
import { getNotificationTemplate } from '../../../services/templates/get-notification-template.ts';
import { previewNotificationTemplate } from '../../../services/templates/preview-notification-template.ts';
import { saveNotificationTemplate } from '../../../services/templates/save-notification-template.ts';
import type { NotificationTemplateView } from '../../../services/templates/template-view.ts';
import type { HttpDeps } from '../deps.ts';
import { adminOperation } from '../security.ts';
import { errorResponses } from '../schemas.ts';

const Params = Type.Object({
  type: Type.Union(NOTIFICATION_TYPES.map((t) => Type.Literal(t))),
  channel: Type.Union(CHANNELS.map((c) => Type.Literal(c))),
});

/** A template's parts by name (email: subject, text, html; Slack: title, text; PagerDuty and webhook: summary). */
const Parts = Type.Record(Type.String({ maxLength: 50 }), Type.String({ maxLength: 20_000, 'x-tai-text': 'prose' }), {
  maxProperties: 10,
});

const TemplateBody = Type.Object({
  type: Type.String(),
  channel: Type.String(),
  version: Type.Integer({ description: 'The version in use: 0 is the default from the repo.' }),
  source: Type.Union([Type.Literal('default'), Type.Literal('saved')]),
  template: Type.Record(Type.String(), Type.String()),
  savedAt: Type.Union([Type.String(), Type.Null()]),
  savedBy: Type.Union([Type.String(), Type.Null()]),
  defaultTemplate: Type.Record(Type.String(), Type.String()),
  history: Type.Array(Type.Object({ version: Type.Integer(), savedAt: Type.String(), savedBy: Type.String() }), {
    description: 'Every saved version, newest first.',
  }),
});

const PATH = '/v1/admin/notification-templates/:type/:channel';

const body = (v: NotificationTemplateView) => ({ ...v, history: [...v.history] });

export const adminNotificationTemplateRoutes =
  (_deps: HttpDeps): FastifyPluginAsyncTypebox =>
  (app) => {
    app.get(
      PATH,
      {
        schema: {
          tags: ['admin'],
          summary: 'The notification template in use (the default or the newest saved version), with its history',
          ...adminOperation,
          params: Params,
          response: { 200: TemplateBody, ...errorResponses },
        },
      },
      async (request) => body(await getNotificationTemplate({ ctx: request.ctx, input: request.params })),
    );
    app.put(
      PATH,
      {
        schema: {
          tags: ['admin'],
          summary: 'Save a new version of a notification template (refused when it does not render)',
          ...adminOperation,
          'x-tai-errors': ['TAI-NOTIFY-TEMPLATE-INVALID'],
          params: Params,
          body: Type.Object({ template: Parts }, { additionalProperties: false }),
          response: { 200: TemplateBody, ...errorResponses },
        },
      },
      async (request) =>
        body(
          await saveNotificationTemplate({
            ctx: request.ctx,
            input: { ...request.params, template: request.body.template },
          }),
        ),
    );
    app.post(
      `${PATH}/preview`,
      {
        schema: {
          tags: ['admin'],
          summary: 'Render a template (or the one in use) against the sample of its type, as its channel sends it',
          ...adminOperation,
          'x-tai-errors': ['TAI-NOTIFY-TEMPLATE-INVALID'],
          params: Params,
          body: Type.Object(
            { template: Type.Optional(Parts) },
            { additionalProperties: false, description: '`{}` previews the template in use.' },
          ),
          response: {
            200: Type.Object({
              type: Type.String(),
              channel: Type.String(),
              message: Type.Record(Type.String(), Type.Unknown()),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const preview = await previewNotificationTemplate({
          ctx: request.ctx,
          input: {
            ...request.params,
            ...(request.body.template === undefined ? {} : { template: request.body.template }),
          },
        });
        return { ...preview, message: { ...preview.message } };
      },
    );
    return Promise.resolve();
  };
