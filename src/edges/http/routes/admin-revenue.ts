/**
 * Revenue recognition for finance (admin token only): a customer's revenue terms versions, the
 * recognition calculator, the daily close, a customer's schedule (the waterfall) with the evidence of
 * each entry, and the monthly report as JSON or the CSV journal. Policy: docs/revenue.md.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { RevenueTermsSchema } from '../../../domain/revenue/schema.ts';
import { RECOGNITION_METHODS, USAGE_METERS } from '../../../domain/revenue/types.ts';
import { closeRevenueDay } from '../../../services/revenue/close-revenue-day.ts';
import { closeRevenuePeriod } from '../../../services/revenue/close-revenue-period.ts';
import { getCustomerRevenue } from '../../../services/revenue/get-customer-revenue.ts';
import { getRevenueClosedPeriod } from '../../../services/revenue/get-revenue-closed-period.ts';
import { getRevenueTerms } from '../../../services/revenue/get-revenue-terms.ts';
import { previewRevenue } from '../../../services/revenue/preview-revenue.ts';
import { recordRevenueTerms } from '../../../services/revenue/record-revenue-terms.ts';
import { revenueJournalCsv, revenueReportOf } from '../../../services/revenue/revenue-report.ts';
import type { HttpDeps } from '../deps.ts';
import { adminOperation } from '../security.ts';
import { CustomerId, errorResponses } from '../schemas.ts';

const Params = Type.Object({ id: CustomerId });
const Day = Type.String({ maxLength: 10, description: 'YYYY-MM-DD (UTC)' });
const Month = Type.String({ maxLength: 7, description: 'YYYY-MM' });
const Nullable = <T extends ReturnType<typeof Type.String | typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);

const TERMS_ERRORS = [
  'TAI-CUSTOMER-NOT-FOUND',
  'TAI-REVENUE-TERMS-INVALID',
  'TAI-REVENUE-CURRENCY-UNKNOWN',
  'TAI-REVENUE-DATE-INVALID',
  'TAI-REVENUE-PERIOD-EMPTY',
  'TAI-REVENUE-AMOUNT-INVALID',
  'TAI-REVENUE-MONTHLY-PARTIAL',
  'TAI-REVENUE-OBLIGATION-DUPLICATE',
  'TAI-REVENUE-NO-OBLIGATIONS',
  'TAI-REVENUE-SSP-ZERO',
  'TAI-REVENUE-BILLING-DAY-RANGE',
  'TAI-REVENUE-VERSION-ORDER',
  'TAI-REVENUE-VERSION-MISMATCH',
  'TAI-REVENUE-MODIFICATION-INVALID',
  'TAI-REVENUE-BELOW-RECOGNIZED',
] as const;

const TermsVersionSchema = Type.Object({
  version: Type.Integer(),
  contractReference: Type.String(),
  effectiveFrom: Type.String(),
  document: Type.Unknown(),
  recordedAt: Type.String(),
});

const EntrySchema = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  termsVersion: Type.Integer(),
  obligationId: Nullable(Type.String()),
  kind: Type.Union([Type.Literal('billing'), Type.Literal('recognition'), Type.Literal('usage')]),
  period: Type.String(),
  servicePeriod: Type.String(),
  occurredOn: Type.String(),
  bookedOn: Type.String(),
  amount: Type.String(),
  currency: Type.String(),
  receiptId: Nullable(Type.String()),
  logIndex: Nullable(Type.Integer()),
  logFirst: Nullable(Type.Integer()),
  logLast: Nullable(Type.Integer()),
  checkpointSize: Nullable(Type.Integer()),
  checkpointRoot: Nullable(Type.String()),
  corrects: Nullable(Type.String()),
  recordedAt: Type.String(),
  meter: Type.Union([...USAGE_METERS.map((m) => Type.Literal(m)), Type.Null()], {
    description:
      'The meter of a usage entry; null on other kinds and on usage entries booked before meters were recorded',
  }),
});

const WaterfallRow = Type.Object({
  period: Type.String(),
  billed: Type.String(),
  recognized: Type.String(),
  deferredOpening: Type.String(),
  deferredClosing: Type.String(),
});

const ClosedThrough = Type.Object({
  closedThrough: Nullable(Type.String({ description: 'The last closed month (YYYY-MM); null when none' })),
  closedAt: Nullable(Type.String()),
  closedBy: Nullable(Type.String()),
  lastClosedDay: Nullable(Type.String({ description: 'The latest day whose daily close completed for everyone' })),
});

const ReportRow = Type.Object({
  customerId: Nullable(Type.String()),
  currency: Type.String(),
  period: Type.String(),
  recognized: Type.String(),
  deferred: Type.String(),
});

export const adminRevenueRoutes =
  (_deps: HttpDeps): FastifyPluginAsyncTypebox =>
  (app) => {
    app.put(
      '/v1/admin/customers/:id/revenue-terms',
      {
        schema: {
          tags: ['admin'],
          summary: "Record the next version of the customer's revenue terms (never an edit)",
          ...adminOperation,
          'x-tai-errors': TERMS_ERRORS,
          params: Params,
          body: RevenueTermsSchema,
          response: { 201: Type.Object({ version: Type.Integer(), effectiveFrom: Type.String() }), ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await recordRevenueTerms({
            ctx: request.ctx,
            input: { customerId: request.params.id, document: request.body },
          }),
        ),
    );

    app.get(
      '/v1/admin/customers/:id/revenue-terms',
      {
        schema: {
          tags: ['admin'],
          summary: "Every version of the customer's revenue terms",
          ...adminOperation,
          'x-tai-errors': ['TAI-CUSTOMER-NOT-FOUND'],
          params: Params,
          response: { 200: Type.Object({ items: Type.Array(TermsVersionSchema) }), ...errorResponses },
        },
      },
      async (request) => {
        const rows = await getRevenueTerms({ ctx: request.ctx, input: { customerId: request.params.id } });
        return { items: rows.map(({ customerId: _c, ...r }) => r) };
      },
    );

    app.post(
      '/v1/admin/revenue/preview',
      {
        schema: {
          tags: ['admin'],
          summary: 'The recognition schedule of an amount over a period by a method (a calculator; nothing is stored)',
          ...adminOperation,
          'x-tai-errors': [
            'TAI-REVENUE-CURRENCY-UNKNOWN',
            'TAI-REVENUE-AMOUNT-INVALID',
            'TAI-REVENUE-DATE-INVALID',
            'TAI-REVENUE-PERIOD-EMPTY',
            'TAI-REVENUE-MONTHLY-PARTIAL',
          ],
          body: Type.Object(
            {
              amount: Type.String({ maxLength: 40, description: 'Decimal string, e.g. "1200.00"' }),
              currency: Type.String({ minLength: 3, maxLength: 3 }),
              start: Day,
              end: Type.String({ maxLength: 10, description: 'YYYY-MM-DD, the day after the last day of service' }),
              method: Type.Union(RECOGNITION_METHODS.map((m) => Type.Literal(m))),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              periods: Type.Array(Type.Object({ period: Type.String(), amount: Type.String() })),
              total: Type.String(),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const p = await previewRevenue({ ctx: request.ctx, input: request.body });
        return { periods: [...p.periods], total: p.total };
      },
    );

    app.post(
      '/v1/admin/revenue/close',
      {
        schema: {
          tags: ['admin'],
          summary: 'Run the daily close of a day that has ended (idempotent; corrections go to the open period)',
          ...adminOperation,
          'x-tai-errors': ['TAI-REVENUE-DATE-INVALID', 'TAI-REVENUE-DAY-OPEN'],
          body: Type.Object({ day: Day }, { additionalProperties: false }),
          response: {
            200: Type.Object({
              day: Type.String(),
              customers: Type.Integer(),
              appended: Type.Integer(),
              failed: Type.Array(Type.String()),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const summary = await closeRevenueDay({ ctx: request.ctx, input: { day: request.body.day } });
        return { ...summary, failed: [...summary.failed] };
      },
    );

    app.get(
      '/v1/admin/revenue/closed-through',
      {
        schema: {
          tags: ['admin'],
          summary: "Finance's closed period (no entry is booked in it or before) and the latest day closed",
          ...adminOperation,
          'x-tai-errors': [],
          response: { 200: ClosedThrough, ...errorResponses },
        },
      },
      async (request) => {
        const v = await getRevenueClosedPeriod({ ctx: request.ctx, input: {} });
        return {
          closedThrough: v.closed?.period ?? null,
          closedAt: v.closed?.closedAt ?? null,
          closedBy: v.closed?.actor ?? null,
          lastClosedDay: v.lastClosedDay,
        };
      },
    );

    app.put(
      '/v1/admin/revenue/closed-through',
      {
        schema: {
          tags: ['admin'],
          summary:
            'Close the accounting periods through a month that has ended and whose days are all closed (forward only; audited)',
          ...adminOperation,
          'x-tai-errors': [
            'TAI-REVENUE-MONTH-INVALID',
            'TAI-REVENUE-PERIOD-BACKWARDS',
            'TAI-REVENUE-PERIOD-NOT-ENDED',
            'TAI-REVENUE-PERIOD-DAYS-OPEN',
          ],
          body: Type.Object({ period: Month }, { additionalProperties: false }),
          response: { 200: ClosedThrough, ...errorResponses },
        },
      },
      async (request) => {
        const row = await closeRevenuePeriod({ ctx: request.ctx, input: { period: request.body.period } });
        const lastClosedDay = (await getRevenueClosedPeriod({ ctx: request.ctx, input: {} })).lastClosedDay;
        return { closedThrough: row.period, closedAt: row.closedAt, closedBy: row.actor, lastClosedDay };
      },
    );

    app.get(
      '/v1/admin/customers/:id/revenue',
      {
        schema: {
          tags: ['admin'],
          summary:
            "The customer's revenue schedule: per period billed, recognized and deferred, and each entry's evidence",
          ...adminOperation,
          'x-tai-errors': ['TAI-CUSTOMER-NOT-FOUND', 'TAI-REVENUE-NO-TERMS'],
          params: Params,
          response: {
            200: Type.Object({
              customerId: Type.String(),
              currency: Type.String(),
              terms: Type.Array(TermsVersionSchema),
              waterfall: Type.Array(WaterfallRow),
              entries: Type.Array(EntrySchema),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const r = await getCustomerRevenue({ ctx: request.ctx, input: { customerId: request.params.id } });
        return { ...r, terms: r.terms.map(({ customerId: _c, ...t }) => t), entries: [...r.entries] };
      },
    );

    app.get(
      '/v1/admin/revenue/report',
      {
        schema: {
          tags: ['admin'],
          summary:
            'Recognized and deferred revenue per month, per customer and in total (format=json); format=csv: the journal lines of the entries booked in [from, to] as text/csv',
          ...adminOperation,
          'x-tai-errors': ['TAI-REVENUE-MONTH-INVALID'],
          querystring: Type.Object(
            {
              from: Month,
              to: Month,
              format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Union([
              Type.Object({
                from: Type.String(),
                to: Type.String(),
                customers: Type.Array(ReportRow),
                totals: Type.Array(ReportRow),
              }),
              Type.String({ description: 'format=csv: the journal, RFC 4180, CRLF line ends' }),
            ]),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const { from, to, format } = request.query;
        if (format === 'csv') {
          const csv = await revenueJournalCsv({ ctx: request.ctx, input: { from, to } });
          return reply
            .type('text/csv; charset=utf-8')
            .serializer((p: unknown) => String(p))
            .send(csv);
        }
        return { from, to, ...(await revenueReportOf({ ctx: request.ctx, input: { from, to } })) };
      },
    );
    return Promise.resolve();
  };
