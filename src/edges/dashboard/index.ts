/**
 * The ops dashboard under /ops: server-rendered pages over the existing admin verbs. The admin token is
 * exchanged once, through a form, for a session kept in the store (sessions.ts), so any instance serves it;
 * sign-in failures count in the same throttle as bad bearer tokens. Pages only read; the two actions the admin API already has (check
 * now, recover) and sign-out are forms carrying the session's CSRF token. A customer API key is refused;
 * without a session every page redirects to sign-in. The CSP allows only the service's own origin.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../domain/errors/catalog/index.ts';
import { DomainError, isDomainError } from '../../domain/errors/domain-error.ts';
import { AUDIT_OUTCOMES } from '../../domain/receipts/audit-chain.ts';
import { queryAudit } from '../../services/audit/query-audit.ts';
import type { CredentialFailures } from '../../services/auth/credential-failures.ts';
import { requireAdmin } from '../../services/auth/require.ts';
import { asActor } from '../../services/context.ts';
import { checkCertificate } from '../../services/lifecycle/check-certificate.ts';
import { recoverCustomer } from '../../services/lifecycle/recover-customer.ts';
import { getCustomerOps } from '../../services/ops/get-customer-ops.ts';
import { getOpsOverview } from '../../services/ops/get-ops-overview.ts';
import { listAllDeployments } from '../../services/ops/list-all-deployments.ts';
import type { HttpDeps } from '../http/deps.ts';
import { CustomerId } from '../http/schemas.ts';
import { requestContext } from '../http/telemetry.ts';
import { OPS_CSS } from './assets.ts';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from './cookies.ts';
import { auditPage } from './pages/audit.ts';
import { customerPage } from './pages/customer.ts';
import { deploymentsPage } from './pages/deployments.ts';
import { overviewPage } from './pages/overview.ts';
import { problemPage, signInPage } from './pages/sign-in.ts';
import { csrfMatches, SESSION_MAX_MS, SessionStore, type Session } from './sessions.ts';
import { signIn } from './sign-in.ts';

/** Only the service's own origin, for everything; no inline script or style. */
export const DASHBOARD_CSP =
  "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

const PUBLIC = new Set(['/ops/sign-in', '/ops/assets/ops.css']);
const HTML = 'text/html; charset=utf-8';
const DONE: Readonly<Record<string, string>> = {
  checked: 'Checked with the insurer just now.',
  recovered: "Recorded the operator's verification.",
};

/** Refusals Fastify raises itself (parsing the form), in the catalog's terms. */
const FRAMEWORK: Readonly<Record<number, ErrorCode>> = {
  400: 'TAI-REQ-BAD-REQUEST',
  413: 'TAI-REQ-TOO-LARGE',
  415: 'TAI-REQ-UNSUPPORTED-MEDIA-TYPE',
};

const schema = <T extends object>(parts: T) => ({ schema: { hide: true, ...parts } });

export const opsDashboard =
  (deps: HttpDeps, failures: CredentialFailures) =>
  (root: FastifyInstance): Promise<void> => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const sessions = new SessionStore(deps.ctx.store);
    const secure = deps.config.servedOverTls;
    const now = () => deps.ctx.clock.now();
    const live = new WeakMap<FastifyRequest, Session>();
    const sessionOf = (request: FastifyRequest): Session => {
      const s = live.get(request);
      if (s === undefined) throw new DomainError('TAI-AUTH-MISSING', { detail: 'dashboard route without a session' });
      return s;
    };

    // Forms only: the dashboard's POSTs are what its own pages submit.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 8192 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    app.addHook('onSend', (_request, reply, payload, done) => {
      void reply.header('content-security-policy', DASHBOARD_CSP);
      done(null, payload);
    });

    app.addHook('preValidation', async (request, reply) => {
      // A customer key never opens the dashboard, not even its sign-in page (refused and audited).
      if (request.ctx.actor.kind === 'customer') await requireAdmin(request.ctx);
      const session = await sessions.find(readCookie(request.headers.cookie, SESSION_COOKIE), now());
      if (session !== undefined) {
        live.set(request, session);
        request.ctx = requestContext(request, asActor(deps.ctx, { kind: 'admin' }));
      }
      const route = request.routeOptions.url ?? '';
      if (session === undefined && !PUBLIC.has(route)) {
        const next = request.method === 'GET' ? request.url : '/ops';
        return reply.redirect(`/ops/sign-in?next=${encodeURIComponent(next)}`, 303);
      }
      if (request.method === 'POST' && route !== '/ops/sign-in') {
        const body = request.body as Record<string, unknown> | undefined;
        if (session === undefined || !csrfMatches(session, body?.['csrf'])) {
          throw new DomainError('TAI-OPS-CSRF-INVALID', { detail: `${request.method} ${route}` });
        }
      }
      return undefined;
    });

    app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
      const csrf = live.get(request)?.csrf;
      let known: DomainError;
      if (isDomainError(error)) known = error;
      else if ((error as { validation?: unknown }).validation !== undefined)
        known = new DomainError('TAI-REQ-VALIDATION', {
          message: `The request was not understood: ${(error as Error).message}.`,
        });
      else if (FRAMEWORK[(error as { statusCode?: number }).statusCode ?? 0] !== undefined)
        known = new DomainError(FRAMEWORK[(error as { statusCode: number }).statusCode] ?? 'TAI-REQ-BAD-REQUEST');
      else {
        request.log.error({ err: error }, 'dashboard failure');
        known = new DomainError('TAI-INTERNAL');
      }
      if (known.status < 500) request.log.info({ code: known.code, detail: known.detail }, 'dashboard refused');
      return reply
        .status(known.status)
        .type(HTML)
        .send(problemPage(known.status, known.code, known.message, csrf));
    });

    app.get('/ops/assets/ops.css', schema({}), (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(OPS_CSS),
    );

    const Next = Type.Optional(Type.String({ maxLength: 500 }));
    app.get('/ops/sign-in', schema({ querystring: Type.Object({ next: Next }) }), (request, reply) => {
      if (live.has(request)) return reply.redirect('/ops', 303);
      return reply.type(HTML).send(signInPage(undefined, request.query.next ?? '/ops'));
    });
    app.post(
      '/ops/sign-in',
      schema({ body: Type.Object({ token: Type.String({ maxLength: 1000 }), next: Next }) }),
      async (request, reply) => {
        const out = await signIn(deps, failures, request, request.body.token);
        const next = request.body.next ?? '/ops';
        if (out.kind === 'refused') {
          if (out.retryAfterSeconds !== undefined) void reply.header('retry-after', String(out.retryAfterSeconds));
          return reply.status(out.status).type(HTML).send(signInPage(out.problem, next));
        }
        const { id } = await sessions.create(now());
        void reply.header('set-cookie', sessionCookie(id, SESSION_MAX_MS / 1000, secure));
        return reply.redirect(safeNext(next), 303);
      },
    );
    app.post('/ops/sign-out', schema({}), async (request, reply) => {
      await sessions.end(readCookie(request.headers.cookie, SESSION_COOKIE));
      return reply.header('set-cookie', clearedSessionCookie(secure)).redirect('/ops/sign-in', 303);
    });

    app.get(
      '/ops',
      schema({ querystring: Type.Object({ after: Type.Optional(CustomerId) }) }),
      async (request, reply) => {
        const overview = await getOpsOverview({ ctx: request.ctx, input: { limit: 100, after: request.query.after } });
        return reply.type(HTML).send(overviewPage(overview, sessionOf(request).csrf));
      },
    );

    const Customer = Type.Object({ id: CustomerId });
    app.get(
      '/ops/customers/:id',
      schema({
        params: Customer,
        querystring: Type.Object({
          after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
          done: Type.Optional(Type.Union(Object.keys(DONE).map((k) => Type.Literal(k)))),
        }),
      }),
      async (request, reply) => {
        const c = await getCustomerOps({
          ctx: request.ctx,
          input: { customerId: request.params.id, timelineAfter: request.query.after },
        });
        const done = request.query.done === undefined ? undefined : DONE[request.query.done];
        return reply.type(HTML).send(customerPage(c, now(), sessionOf(request).csrf, done));
      },
    );
    const ActionBody = Type.Object({ csrf: Type.String({ maxLength: 100 }) });
    app.post('/ops/customers/:id/check', schema({ params: Customer, body: ActionBody }), async (request, reply) => {
      await checkCertificate({ ctx: request.ctx, input: { customerId: request.params.id } });
      return reply.redirect(`/ops/customers/${request.params.id}?done=checked`, 303);
    });
    app.post('/ops/customers/:id/recover', schema({ params: Customer, body: ActionBody }), async (request, reply) => {
      await recoverCustomer({ ctx: request.ctx, input: { customerId: request.params.id } });
      return reply.redirect(`/ops/customers/${request.params.id}?done=recovered`, 303);
    });

    app.get(
      '/ops/audit',
      schema({
        querystring: Type.Object({
          after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
          from: Type.Optional(Type.Union([Type.Literal(''), Type.String({ format: 'date-time' })])),
          to: Type.Optional(Type.Union([Type.Literal(''), Type.String({ format: 'date-time' })])),
          type: Type.Optional(Type.String({ maxLength: 100 })),
          customer: Type.Optional(Type.Union([Type.Literal(''), CustomerId])),
          outcome: Type.Optional(Type.Union([Type.Literal(''), ...AUDIT_OUTCOMES.map((o) => Type.Literal(o))])),
        }),
      }),
      async (request, reply) => {
        const q = request.query;
        const given = (s: string | undefined) => (s === undefined || s === '' ? undefined : s);
        const iso = (s: string | undefined) =>
          given(s) === undefined ? undefined : new Date(s as string).toISOString();
        const result = await queryAudit({
          ctx: request.ctx,
          input: {
            limit: 50,
            afterSeq: q.after,
            from: iso(q.from),
            to: iso(q.to),
            type: given(q.type),
            customerId: given(q.customer),
            outcome: given(q.outcome),
          },
        });
        const filters = { type: q.type, customer: q.customer, outcome: q.outcome, from: q.from, to: q.to };
        return reply.type(HTML).send(auditPage(filters, result, sessionOf(request).csrf));
      },
    );

    app.get(
      '/ops/deployments',
      schema({ querystring: Type.Object({ after: Type.Optional(Type.String({ pattern: '^dep_[0-9a-z]{26}$' })) }) }),
      async (request, reply) => {
        const result = await listAllDeployments({ ctx: request.ctx, input: { limit: 50, after: request.query.after } });
        return reply.type(HTML).send(deploymentsPage(result, sessionOf(request).csrf));
      },
    );
    return Promise.resolve();
  };

/** Where to go after sign-in: a dashboard path of this service only (never another origin). */
export const safeNext = (next: string): string =>
  /^\/ops(?:[/?][^\\\s]*)?$/.test(next) && !next.startsWith('//') ? next : '/ops';
