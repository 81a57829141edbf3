/**
 * Usage and fulfillment reports: a customer's own usage (scope usage:read), any customer's usage and its
 * contract fulfillment report (admin). The fulfillment report is JSON, or a printable HTML page for
 * `?format=html` or a browser's `Accept: text/html`; the page's CSP allows only its own style sheet.
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { FULFILLMENT_CSS, renderFulfillmentHtml } from '../../../domain/usage/fulfillment-html.ts';
import { getFulfillment } from '../../../services/usage/get-fulfillment.ts';
import { getCustomerUsage, getMyUsage } from '../../../services/usage/get-usage.ts';
import type { HttpDeps } from '../deps.ts';
import { adminOperation, customerOperation } from '../security.ts';
import { CustomerId, errorResponses } from '../schemas.ts';

const Day = (what: string) =>
  Type.Optional(Type.String({ maxLength: 10, description: `${what}, a UTC day YYYY-MM-DD` }));
const Range = {
  from: Day('First day of the report (default: 30 days before `to`)'),
  to: Day('Day after the last day of the report, excluded (default: tomorrow)'),
};
const RangeQuery = Type.Object(Range, { additionalProperties: false });
const Params = Type.Object({ id: CustomerId });

const Ms = Type.Union([Type.Number(), Type.Null()]);
const Summary = {
  requests: Type.Integer(),
  clientErrors: Type.Integer(),
  serverErrors: Type.Integer(),
  errorRate: Type.Number({ description: '(client + server errors) / requests, four decimals' }),
  latencyMs: Type.Object({ p50: Ms, p95: Ms, p99: Ms }),
};
const UsageReport = Type.Object({
  customerId: Type.String(),
  from: Type.String(),
  to: Type.String(),
  latencyResolution: Type.String(),
  totals: Type.Object(Summary),
  kinds: Type.Array(Type.Object({ kind: Type.String(), ...Summary })),
  days: Type.Array(
    Type.Object({
      day: Type.String(),
      requests: Type.Integer(),
      errorRate: Type.Number(),
      kinds: Type.Array(Type.Object({ kind: Type.String(), requests: Type.Integer(), errors: Type.Integer() })),
    }),
  ),
  adoption: Type.Object({
    kindsUsed: Type.Integer(),
    features: Type.Array(
      Type.Object({
        feature: Type.String(),
        contracted: Type.Boolean(),
        operations: Type.Integer(),
        firstUsedOn: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
  }),
});

const TermStatus = Type.Union([Type.Literal('met'), Type.Literal('not_met'), Type.Literal('not_applicable')]);
const Fulfillment = Type.Object({
  customerId: Type.String(),
  customerName: Type.String(),
  mode: Type.String(),
  from: Type.String(),
  to: Type.String(),
  generatedAt: Type.String(),
  contract: Type.Union([
    Type.Object({ reference: Type.String(), startsOn: Type.String(), endsOn: Type.String() }),
    Type.Null(),
  ]),
  delivered: Type.Object({ quotes: Type.Integer(), publishes: Type.Integer(), deploys: Type.Integer() }),
  limits: Type.Array(
    Type.Object({
      limit: Type.String(),
      allowed: Type.Union([Type.Integer(), Type.Null()]),
      peak: Type.Integer(),
      current: Type.Integer(),
    }),
  ),
  features: Type.Array(Type.Object({ feature: Type.String(), contracted: Type.Boolean(), used: Type.Boolean() })),
  insurance: Type.Object({
    insured: Type.Integer(),
    readOnly: Type.Integer(),
    uninsured: Type.Integer(),
    readOnlyDays: Type.Array(Type.String()),
  }),
  terms: Type.Array(Type.Object({ term: Type.String(), status: TermStatus, detail: Type.String() })),
});

// No script, nothing from elsewhere: the page's one inline style sheet, by hash.
const HTML_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(FULFILLMENT_CSS, 'utf8').digest('base64')}'`,
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export const usageRoutes =
  (_deps: HttpDeps): FastifyPluginAsyncTypebox =>
  (app) => {
    app.get(
      '/v1/me/usage',
      {
        schema: {
          tags: ['customer'],
          summary: 'Your usage: operations per kind per day, error rate, latency percentiles, adoption',
          ...customerOperation('usage:read'),
          'x-tai-errors': ['TAI-USAGE-RANGE-INVALID'],
          querystring: RangeQuery,
          response: { 200: UsageReport, ...errorResponses },
        },
      },
      (request) => getMyUsage({ ctx: request.ctx, input: request.query }),
    );
    app.get(
      '/v1/admin/customers/:id/usage',
      {
        schema: {
          tags: ['admin'],
          summary: "A customer's usage: operations per kind per day, error rate, latency percentiles, adoption",
          ...adminOperation,
          'x-tai-errors': ['TAI-USAGE-RANGE-INVALID', 'TAI-CUSTOMER-NOT-FOUND'],
          params: Params,
          querystring: RangeQuery,
          response: { 200: UsageReport, ...errorResponses },
        },
      },
      (request) => getCustomerUsage({ ctx: request.ctx, input: { ...request.query, customerId: request.params.id } }),
    );
    app.get(
      '/v1/admin/customers/:id/fulfillment',
      {
        schema: {
          tags: ['admin'],
          summary:
            'Contract fulfillment: services delivered, usage against limits, days insured and read-only, terms met (JSON, or HTML)',
          ...adminOperation,
          'x-tai-errors': ['TAI-USAGE-RANGE-INVALID', 'TAI-CUSTOMER-NOT-FOUND'],
          params: Params,
          querystring: Type.Object(
            {
              ...Range,
              format: Type.Optional(
                Type.Union([Type.Literal('json'), Type.Literal('html')], {
                  description: 'html: the printable page (also chosen by Accept: text/html when format is absent)',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: Fulfillment, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { format, ...range } = request.query;
        const report = await getFulfillment({ ctx: request.ctx, input: { ...range, customerId: request.params.id } });
        const html =
          format === 'html' || (format === undefined && (request.headers.accept ?? '').includes('text/html'));
        void reply.header('vary', 'accept');
        if (!html) return report;
        return (
          reply
            .header('content-security-policy', HTML_CSP)
            .type('text/html; charset=utf-8')
            // The page is sent as text: the JSON schema above (for the JSON answer) does not apply to it.
            .send(renderFulfillmentHtml(report) as never)
        );
      },
    );
    return Promise.resolve();
  };
