/**
 * Certificate lifecycle over HTTP. Admin: link, read, check, provision, rotate, recover a customer's
 * certificate; force the whole system read-only; see everyone's status. Customer: its own insurance view.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { LifecycleView } from '../../../domain/certificate/index.ts';
import { isoOf } from '../../../domain/shared/clock.ts';
import { checkCertificate } from '../../../services/lifecycle/check-certificate.ts';
import { getInsurance } from '../../../services/lifecycle/get-insurance.ts';
import { getMyInsurance } from '../../../services/lifecycle/get-my-insurance.ts';
import type { InsuranceSource } from '../../../services/lifecycle/insurance-view.ts';
import { getStatus } from '../../../services/lifecycle/get-status.ts';
import { linkCertificate } from '../../../services/lifecycle/link-certificate.ts';
import { provisionCertificate } from '../../../services/lifecycle/provision-certificate.ts';
import { recoverCustomer } from '../../../services/lifecycle/recover-customer.ts';
import { rotateCertificate } from '../../../services/lifecycle/rotate-certificate.ts';
import { setSystemReadOnly } from '../../../services/lifecycle/set-system-read-only.ts';
import type { HttpDeps } from '../deps.ts';
import { adminOperation, customerOperation } from '../security.ts';
import { CertificateId, CustomerId, errorResponses, withLimit } from '../schemas.ts';

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
  source: Type.Union([Type.Literal('database'), Type.Literal('cache')], {
    description:
      "database: read now; cache: the database could not be reached, so this is the answering instance's in-memory copy of the record, as of the last change it saw (state and writability are still computed at `at`)",
  }),
});

const t = (ms: number | null): string | null => (ms === null ? null : isoOf(ms));

const viewBody = (v: LifecycleView, source: InsuranceSource = 'database') => ({
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
  source,
});

/** What the insurance routes can answer besides validation and authentication (one lifecycle, one list). */
const INSURANCE_ERRORS = [
  'TAI-CUSTOMER-NOT-FOUND',
  'TAI-CERT-NOT-LINKED',
  'TAI-CERT-NOT-LIVE',
  'TAI-CERT-ALREADY-CURRENT',
  'TAI-CERT-NOT-DEGRADED',
  'TAI-CERT-STILL-DEGRADED',
  'TAI-CERT-CHECK-DEFERRED',
] as const;

export const insuranceRoutes =
  (_deps: HttpDeps): FastifyPluginAsyncTypebox =>
  (app) => {
    const Params = Type.Object({ id: CustomerId });
    const ok = { 200: InsuranceViewSchema, ...errorResponses };
    const CertificateBody = Type.Object({ certificateId: CertificateId }, { additionalProperties: false });

    app.put(
      '/v1/admin/customers/:id/insurance',
      {
        schema: {
          tags: ['insurance'],
          summary: 'Link a certificate and verify it now',
          ...adminOperation,
          'x-tai-errors': INSURANCE_ERRORS,
          params: Params,
          body: CertificateBody,
          response: ok,
        },
      },
      async (request) =>
        viewBody(
          (
            await linkCertificate({
              ctx: request.ctx,
              input: { customerId: request.params.id, certificateId: request.body.certificateId },
            })
          ).view,
        ),
    );
    app.get(
      '/v1/admin/customers/:id/insurance',
      {
        schema: {
          tags: ['insurance'],
          summary: 'State, certificate, last and next check, failures',
          ...adminOperation,
          'x-tai-errors': INSURANCE_ERRORS,
          params: Params,
          response: ok,
        },
      },
      async (request) => {
        const read = await getInsurance({ ctx: request.ctx, input: { customerId: request.params.id } });
        return viewBody(read, read.source);
      },
    );
    app.post(
      '/v1/admin/customers/:id/insurance/check',
      {
        schema: {
          tags: ['insurance'],
          summary: 'Verify with the insurer now',
          ...adminOperation,
          'x-tai-errors': INSURANCE_ERRORS,
          params: Params,
          response: ok,
        },
      },
      async (request) =>
        viewBody((await checkCertificate({ ctx: request.ctx, input: { customerId: request.params.id } })).view),
    );
    app.post(
      '/v1/admin/customers/:id/insurance/provision',
      {
        schema: {
          tags: ['insurance'],
          summary: 'Request a new certificate and follow it until issued',
          ...adminOperation,
          'x-tai-errors': INSURANCE_ERRORS,
          params: Params,
          response: ok,
        },
      },
      async (request) =>
        viewBody((await provisionCertificate({ ctx: request.ctx, input: { customerId: request.params.id } })).view),
    );
    app.post(
      '/v1/admin/customers/:id/insurance/rotate',
      {
        schema: {
          tags: ['insurance'],
          summary: 'Switch to a new, verified certificate',
          ...adminOperation,
          'x-tai-errors': INSURANCE_ERRORS,
          params: Params,
          body: CertificateBody,
          response: ok,
        },
      },
      async (request) =>
        viewBody(
          (
            await rotateCertificate({
              ctx: request.ctx,
              input: { customerId: request.params.id, certificateId: request.body.certificateId },
            })
          ).view,
        ),
    );
    app.post(
      '/v1/admin/customers/:id/insurance/recover',
      {
        schema: {
          tags: ['insurance'],
          summary: "Operator's verification that writes may resume",
          ...adminOperation,
          'x-tai-errors': INSURANCE_ERRORS,
          params: Params,
          response: ok,
        },
      },
      async (request) =>
        viewBody((await recoverCustomer({ ctx: request.ctx, input: { customerId: request.params.id } })).view),
    );
    app.get(
      '/v1/me/insurance',
      {
        schema: {
          tags: ['insurance'],
          summary: 'Your insurance standing',
          ...customerOperation('account:read'),
          response: ok,
        },
      },
      async (request) => {
        const read = await getMyInsurance({ ctx: request.ctx, input: {} });
        return viewBody(read, read.source);
      },
    );

    const ReadOnly = Type.Object(
      { enabled: Type.Boolean(), reason: Type.String({ minLength: 1, maxLength: 500, 'x-tai-text': 'prose' }) },
      { additionalProperties: false },
    );
    app.put(
      '/v1/admin/read-only',
      {
        schema: {
          tags: ['insurance'],
          summary: 'Force (or lift) system-wide read-only',
          ...adminOperation,
          body: ReadOnly,
          response: { 200: ReadOnly, ...errorResponses },
        },
      },
      (request) => setSystemReadOnly({ ctx: request.ctx, input: request.body }),
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
        schema: {
          tags: ['insurance'],
          summary: "The system's and every customer's state",
          ...adminOperation,
          querystring: Type.Object(
            {
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
              after: Type.Optional(CustomerId),
            },
            { additionalProperties: false },
          ),
          response: { 200: StatusBody, ...errorResponses },
        },
      },
      async (request) => {
        const { system, customers } = await getStatus({ ctx: request.ctx, input: withLimit(request.query) });
        return {
          system: {
            readOnly: system.readOnly !== null,
            cause: system.readOnly?.cause ?? null,
            reason: system.reason,
            lastInsurerSuccessAt: t(system.lastInsurerSuccessAt),
            maxMode: system.maxMode,
          },
          customers: customers.items.map((c) => ({
            id: c.customer.id,
            name: c.customer.name,
            mode: c.customer.mode,
            effectiveMode: c.effectiveMode,
            insurance: viewBody(c.insurance),
          })),
          next: customers.next,
        };
      },
    );
    return Promise.resolve();
  };
