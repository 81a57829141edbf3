/**
 * What operators and the scheduler do to a customer's certificate: link, check, rotate, provision,
 * recover. Each verb asks the insurer first (outside any transaction), then applies the resulting
 * lifecycle event, then performs any insurer request the transition asked for (a renewal).
 */
import { awaitIssuance } from '../../adapters/insurer/await-issuance.ts';
import { checkOutcomeOf } from '../../adapters/insurer/check-outcome.ts';
import {
  eventOfCheck,
  eventOfRenewal,
  lifecycleView,
  newCertificateRecord,
  type CertificateRecord,
  type CheckOutcome,
  type LifecycleView,
} from '../../domain/certificate/index.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { catalogCodeOf } from '../../domain/insurance/insurer-error.ts';
import type { InsurerError } from '../../domain/insurance/verification.ts';
import type { ServiceContext } from '../context.ts';
import { getCustomer } from '../customers/get-customer.ts';
import { applyLifecycleEvent, type Applied, type InsurerRequest } from './apply-event.ts';

const ISSUANCE_WAIT_MS = 60_000;

const insurerFailure = (e: InsurerError): DomainError =>
  new DomainError(catalogCodeOf(e.code), { detail: `${e.code}: ${e.detail}` });

/** Performs the renewals and provisioning follow-ups a transition asked for, feeding their outcomes back. */
const followUp = async (ctx: ServiceContext, applied: Applied): Promise<Applied> => {
  let last = applied;
  for (const request of applied.insurerRequests) last = await perform(ctx, request);
  return last;
};

const perform = async (ctx: ServiceContext, request: InsurerRequest): Promise<Applied> => {
  const { insurer } = ctx.lifecycle;
  const id = request.customerId;
  if (request.purpose === 'renewal') {
    const ticket = request.certificateId === null ? null : await insurer.renewCertificate(request.certificateId);
    const final =
      ticket === null || !ticket.ok
        ? ticket
        : await awaitIssuance(insurer, ticket.value.requestId, ticket.value.pollAfterMs, {
            clock: ctx.clock,
            sleep: ctx.lifecycle.sleep,
            maxWaitMs: ISSUANCE_WAIT_MS,
          });
    const applied = await applyLifecycleEvent(ctx, id, () => {
      if (final === null) return { type: 'renewal_failed', failure: 'permanent', code: 'no_certificate' };
      if (!final.ok) return { type: 'renewal_failed', failure: final.error.kind, code: final.error.code };
      if (final.value.status === 'rejected') return { type: 'renewal_failed', failure: 'permanent', code: 'rejected' };
      return eventOfRenewal({ kind: 'verified', certificate: final.value.certificate.document });
    });
    return followUp(ctx, applied);
  }
  // Provisioning: the request id was recorded; follow it until issued, then link what was issued.
  const requestId = request.requestId;
  if (requestId === null) throw new Error('provisioning request without a request id');
  const final = await awaitIssuance(insurer, requestId, 0, {
    clock: ctx.clock,
    sleep: ctx.lifecycle.sleep,
    maxWaitMs: ISSUANCE_WAIT_MS,
  });
  if (!final.ok) throw insurerFailure(final.error);
  if (final.value.status === 'rejected')
    throw new DomainError('TAI-INSURER-BAD-REQUEST', { detail: final.value.reason });
  const certificateId = final.value.certificate.document.certificateId;
  await applyLifecycleEvent(ctx, id, () => ({ type: 'linked', certificateId, actor: 'system' }));
  return checkCertificate(ctx, id);
};

/**
 * Only "this certificate cannot be verified" degrades a customer at once. Our credentials being refused,
 * a request the provider calls bad or a garbled answer are our (or the provider's) problem, not the
 * certificate's: they count as transient, so the grace applies instead of locking every customer out.
 */
const CERTIFICATE_PERMANENT = new Set(['not_found', 'bad_signature', 'unknown_key']);
const forLifecycle = (outcome: CheckOutcome): CheckOutcome =>
  outcome.kind === 'failed' && outcome.failure === 'permanent' && !CERTIFICATE_PERMANENT.has(outcome.code)
    ? { ...outcome, failure: 'transient' }
    : outcome;

/** Verifies the linked certificate with the insurer now (fresh, never from cache) and applies the outcome. */
export const checkCertificate = async (ctx: ServiceContext, customerId: string): Promise<Applied> => {
  const record = ctx.lifecycle.state.record(customerId);
  const certificateId = record?.certificateId ?? null;
  if (certificateId === null) throw new DomainError('TAI-CERT-NOT-LINKED', { detail: customerId });
  const outcome = forLifecycle(
    checkOutcomeOf(await ctx.lifecycle.insurer.getCertificateDetails(certificateId, { fresh: true })),
  );
  // Apply to whatever is linked now: an outcome for a certificate since replaced is dropped.
  const applied = await applyLifecycleEvent(ctx, customerId, (r) =>
    r.certificateId === certificateId ? eventOfCheck(outcome) : null,
  );
  return followUp(ctx, applied);
};

/** Links a certificate id and verifies it at once. */
export const linkCertificate = async (
  ctx: ServiceContext,
  customerId: string,
  certificateId: string,
  actor: string,
): Promise<Applied> => {
  await applyLifecycleEvent(ctx, customerId, () => ({ type: 'linked', certificateId, actor }));
  return checkCertificate(ctx, customerId);
};

/** Switches to a new certificate after verifying it: it must be authentic and live. */
export const rotateCertificate = async (
  ctx: ServiceContext,
  customerId: string,
  certificateId: string,
  actor: string,
): Promise<Applied> => {
  await getCustomer({ ctx, input: { customerId } });
  const r = await ctx.lifecycle.insurer.verifyCertificate(certificateId, { fresh: true });
  if (!r.ok)
    throw r.error.certificate
      ? new DomainError('TAI-CERT-NOT-LIVE', { detail: `${certificateId}: ${r.error.code}` })
      : insurerFailure(r.error);
  const applied = await applyLifecycleEvent(ctx, customerId, () => ({
    type: 'rotated',
    certificate: r.value.document,
    actor,
  }));
  return followUp(ctx, applied);
};

/** Requests a new certificate for the customer from the insurer and follows it until issued. */
export const provisionCertificate = async (
  ctx: ServiceContext,
  customerId: string,
  actor: string,
): Promise<Applied> => {
  const customer = await getCustomer({ ctx, input: { customerId } });
  const ticket = await ctx.lifecycle.insurer.requestCertificate({ name: customer.name, reference: customer.id });
  if (!ticket.ok) throw insurerFailure(ticket.error);
  const applied = await applyLifecycleEvent(ctx, customerId, () => ({
    type: 'provision_requested',
    requestId: ticket.value.requestId,
    actor,
  }));
  return followUp(ctx, applied);
};

/** An operator's verification that writes may resume (the manual recovery policy's second key). */
export const recoverCustomer = (ctx: ServiceContext, customerId: string, actor: string): Promise<Applied> =>
  applyLifecycleEvent(ctx, customerId, () => ({ type: 'operator_recovered', actor }));

/** The current view, computed now from the record (never a stale stored state). */
export const insuranceView = async (ctx: ServiceContext, customerId: string): Promise<LifecycleView> => {
  await getCustomer({ ctx, input: { customerId } });
  const now = ctx.clock.now();
  const row = await ctx.store.read((r) => r.forCustomer(customerId).lifecycle());
  const record = (row?.record as CertificateRecord | undefined) ?? newCertificateRecord(customerId, now);
  return lifecycleView(record, now, ctx.lifecycle.policy);
};

/** A scheduled wake-up: a check when one is due, else a tick (warnings, expiry, grace, renewal timers). */
export const wakeCustomer = async (ctx: ServiceContext, customerId: string): Promise<Applied> => {
  const record = ctx.lifecycle.state.record(customerId);
  let checked: Applied | null = null;
  if (record?.certificateId && record.nextCheckAt !== null && record.nextCheckAt <= ctx.clock.now()) {
    checked = await checkCertificate(ctx, customerId);
  }
  // Then the timers a check does not run (warnings, expiry, grace, renewal steps), only if one is still due.
  const wakeAt = checked?.record.wakeAt ?? null;
  if (checked !== null && (wakeAt === null || wakeAt > ctx.clock.now())) return checked;
  return followUp(ctx, await applyLifecycleEvent(ctx, customerId, () => ({ type: 'tick' })));
};
