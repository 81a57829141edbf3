/**
 * Certificate lifecycle over HTTP. Admin: link, read, check, provision, rotate, recover a customer's
 * certificate; force the whole system read-only; see everyone's status. Customer: its own insurance view.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { LifecycleView } from '../../../domain/certificate/index.ts';
import { isoOf } from '../../../domain/shared/clock.ts';
import { effectiveMode } from '../../../domain/mode/index.ts';
import {
  checkCertificate,
  insuranceView,
  linkCertificate,
  provisionCertificate,
  recoverCustomer,
  rotateCertificate,
} from '../../../services/lifecycle/insurance-verbs.ts';
import { readOnlyBanner } from '../../../services/lifecycle/authorize.ts';
import { setSystemReadOnly } from '../../../services/lifecycle/system-read-only.ts';
import { customerOf, requireAdmin, requireCustomer } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { CustomerId, errorResponses } from '../schemas.ts';

const Time = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const InsuranceViewSchema = Type.Object({
  customerId: Type.String(),
  at: Type.String(),
  state: Type.String({
    description: 'provisioning, verifying, active, expiring, expired, suspended, revoked or renewing',
  }),
  writable: Type.Boolean(),
  readOnlyReason: Type.Union([Type.String(), Type.Null()]),
  degraded: Type.Boolean(),
  certificate: Type.Union([
    Type.Object({
      certificateId: Type.String(),
      policyNumber: Type.String(),
      insurer: Type.String(),
      status: Type.String(),
      effectiveFrom: Type.String(),
      expiresAt: Type.String(),
    }),
    Type.Null(),
  ]),
  lastCheckAt: Time,
  lastVerifiedAt: Time,
  nextCheckAt: Time,
  graceEndsAt: Time,
  consecutiveFailures: Type.Integer(),
  lastFailure: Type.Union([
    Type.Object({ failure: Type.String(), code: Type.String(), at: Type.String() }),
    Type.Null(),
  ]),
  recovery: Type.Union([
    Type.Object({ since: Type.String(), reason: Type.String(), goodChecks: Type.Integer(), operatorVerifiedAt: Time }),
    Type.Null(),
  ]),
  renewal: Type.Union([
    Type.Object({
      dueAt: Type.String(),
      startedAt: Time,
      halted: Type.Boolean(),
      successorId: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  warningsRaised: Type.Array(
    Type.Object({ certificateId: Type.String(), threshold: Type.String(), at: Type.String() }),
  ),
});

const t = (ms: number | null): string | null => (ms === null ? null : isoOf(ms));

export const viewBody = (v: LifecycleView) => ({
  customerId: v.customerId,
  at: isoOf(v.at),
  state: v.state,
  writable: v.writable.ok,
  readOnlyReason: v.writable.ok ? null : v.writable.reason,
  degraded: v.degraded,
  certificate:
    v.certificate === null
      ? null
      : {
          certificateId: v.certificate.certificateId,
          policyNumber: v.certificate.policyNumber,
          insurer: v.certificate.insurer.name,
          status: v.certificate.status,
          effectiveFrom: v.certificate.effectiveFrom,
          expiresAt: v.certificate.expiresAt,
        },
  lastCheckAt: t(v.lastCheckAt),
  lastVerifiedAt: t(v.lastVerifiedAt),
  nextCheckAt: t(v.nextCheckAt),
  graceEndsAt: t(v.graceEndsAt),
  consecutiveFailures: v.consecutiveFailures,
  lastFailure:
    v.lastFailure === null
      ? null
      : { failure: v.lastFailure.failure, code: v.lastFailure.code, at: isoOf(v.lastFailure.at) },
  recovery:
    v.recovery === null
      ? null
      : {
          since: isoOf(v.recovery.since),
          reason: v.recovery.reason,
          goodChecks: v.recovery.goodChecks,
          operatorVerifiedAt: t(v.recovery.operatorVerifiedAt),
        },
  renewal:
    v.renewal === null
      ? null
      : {
          dueAt: isoOf(v.renewal.dueAt),
          startedAt: t(v.renewal.startedAt),
          halted: v.renewal.halted,
          successorId: v.renewal.successorId,
        },
  warningsRaised: v.warningsRaised.map((w) => ({
    certificateId: w.certificateId,
    threshold: w.threshold,
    at: isoOf(w.at),
  })),
});

export const insuranceRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  (app) => {
    const { ctx } = deps;
    const admin = requireAdmin(deps.auth);
    const security = [{ adminToken: [] }];
    const Params = Type.Object({ id: CustomerId });
    const ok = { 200: InsuranceViewSchema, ...errorResponses };
    const CertificateBody = Type.Object(
      { certificateId: Type.String({ minLength: 1, maxLength: 200 }) },
      { additionalProperties: false },
    );

    app.put(
      '/v1/admin/customers/:id/insurance',
      {
        onRequest: admin,
        schema: {
          tags: ['insurance'],
          summary: 'Link a certificate and verify it now',
          security,
          params: Params,
          body: CertificateBody,
          response: ok,
        },
      },
      async (request) =>
        viewBody((await linkCertificate(ctx, request.params.id, request.body.certificateId, 'admin')).view),
    );
    app.get(
      '/v1/admin/customers/:id/insurance',
      {
        onRequest: admin,
        schema: {
          tags: ['insurance'],
          summary: 'State, certificate, last and next check, failures',
          security,
          params: Params,
          response: ok,
        },
      },
      async (request) => viewBody(await insuranceView(ctx, request.params.id)),
    );
    app.post(
      '/v1/admin/customers/:id/insurance/check',
      {
        onRequest: admin,
        schema: { tags: ['insurance'], summary: 'Verify with the insurer now', security, params: Params, response: ok },
      },
      async (request) => viewBody((await checkCertificate(ctx, request.params.id)).view),
    );
    app.post(
      '/v1/admin/customers/:id/insurance/provision',
      {
        onRequest: admin,
        schema: {
          tags: ['insurance'],
          summary: 'Request a new certificate and follow it until issued',
          security,
          params: Params,
          response: ok,
        },
      },
      async (request) => viewBody((await provisionCertificate(ctx, request.params.id, 'admin')).view),
    );
    app.post(
      '/v1/admin/customers/:id/insurance/rotate',
      {
        onRequest: admin,
        schema: {
          tags: ['insurance'],
          summary: 'Switch to a new, verified certificate',
          security,
          params: Params,
          body: CertificateBody,
          response: ok,
        },
      },
      async (request) =>
        viewBody((await rotateCertificate(ctx, request.params.id, request.body.certificateId, 'admin')).view),
    );
    app.post(
      '/v1/admin/customers/:id/insurance/recover',
      {
        onRequest: admin,
        schema: {
          tags: ['insurance'],
          summary: "Operator's verification that writes may resume",
          security,
          params: Params,
          response: ok,
        },
      },
      async (request) => viewBody((await recoverCustomer(ctx, request.params.id, 'admin')).view),
    );
    app.get(
      '/v1/me/insurance',
      {
        onRequest: requireCustomer(deps.auth),
        schema: { tags: ['insurance'], summary: 'Your insurance standing', security: [{ apiKey: [] }], response: ok },
      },
      async (request) => viewBody(await insuranceView(ctx, customerOf(request).customerId)),
    );

    const ReadOnly = Type.Object(
      { enabled: Type.Boolean(), reason: Type.String({ minLength: 1, maxLength: 500 }) },
      { additionalProperties: false },
    );
    app.put(
      '/v1/admin/read-only',
      {
        onRequest: admin,
        schema: {
          tags: ['insurance'],
          summary: 'Force (or lift) system-wide read-only',
          security,
          body: ReadOnly,
          response: { 200: ReadOnly, ...errorResponses },
        },
      },
      (request) => setSystemReadOnly(ctx, request.body),
    );

    const StatusBody = Type.Object({
      system: Type.Object({
        readOnly: Type.Boolean(),
        cause: Type.Union([Type.String(), Type.Null()]),
        reason: Type.Union([Type.String(), Type.Null()]),
        lastInsurerSuccessAt: Time,
        maxMode: Type.String(),
      }),
      customers: Type.Array(
        Type.Object({
          id: Type.String(),
          name: Type.String(),
          mode: Type.String(),
          effectiveMode: Type.String(),
          insurance: InsuranceViewSchema,
        }),
      ),
      next: Type.Union([Type.String(), Type.Null()]),
    });
    app.get(
      '/v1/admin/status',
      {
        onRequest: admin,
        schema: {
          tags: ['insurance'],
          summary: "The system's and every customer's state",
          security,
          querystring: Type.Object(
            { limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }), after: Type.Optional(CustomerId) },
            { additionalProperties: false },
          ),
          response: { 200: StatusBody, ...errorResponses },
        },
      },
      async (request) => {
        const now = ctx.clock.now();
        const system = ctx.lifecycle.state.systemReadOnly(now);
        const banner = readOnlyBanner(ctx, null);
        const page = await ctx.store.read((r) =>
          r.listCustomers({ limit: request.query.limit, after: request.query.after }),
        );
        const customers = await Promise.all(
          page.items.map(async (c) => ({
            id: c.id,
            name: c.name,
            mode: c.mode,
            effectiveMode: effectiveMode(c.mode, ctx.lifecycle.maxMode),
            insurance: viewBody(await insuranceView(ctx, c.id)),
          })),
        );
        return {
          system: {
            readOnly: system !== null,
            cause: system?.cause ?? null,
            reason: banner?.reason ?? null,
            lastInsurerSuccessAt: t(ctx.lifecycle.state.lastInsurerSuccessAt()),
            maxMode: ctx.lifecycle.maxMode,
          },
          customers,
          next: page.next,
        };
      },
    );
    return Promise.resolve();
  };
