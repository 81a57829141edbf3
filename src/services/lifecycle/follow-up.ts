/**
 * The insurer's side of the lifecycle, shared by the certificate verbs: verify the linked certificate
 * now and apply the outcome, and perform the renewals and provisioning follow-ups a transition asked
 * for, feeding their outcomes back as events. Callers have checked their actor.
 */
import { ATTR, inSpan, spanAttributes } from '../../adapters/tracing/spans.ts';
import { traceCustomer, underSpan } from '../traced.ts';
import { awaitIssuance } from '../../adapters/insurer/await-issuance.ts';
import { checkOutcomeOf } from '../../adapters/insurer/check-outcome.ts';
import { eventOfCheck, eventOfRenewal, type CheckOutcome } from '../../domain/certificate/index.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { catalogCodeOf } from '../../domain/insurance/insurer-error.ts';
import type { InsurerError } from '../../domain/insurance/verification.ts';
import type { ServiceContext } from '../context.ts';
import { applyLifecycleEvent, type AppliedEvent, type InsurerRequest } from './apply-event.ts';

const ISSUANCE_WAIT_MS = 60_000;

export const insurerFailure = (e: InsurerError): DomainError =>
  new DomainError(catalogCodeOf(e.code), { detail: `${e.code}: ${e.detail}` });

/** Performs the renewals and provisioning follow-ups a transition asked for, feeding their outcomes back. */
export const followUp = async (ctx: ServiceContext, applied: AppliedEvent): Promise<AppliedEvent> => {
  let last = applied;
  for (const request of applied.insurerRequests) last = await perform(ctx, request);
  return last;
};

const perform = async (ctx: ServiceContext, request: InsurerRequest): Promise<AppliedEvent> => {
  const { insurer } = ctx.lifecycle;
  const id = request.customerId;
  if (request.purpose === 'renewal') {
    const ticket =
      request.certificateId === null
        ? null
        : await insurer.renewCertificate(request.certificateId, { trace: ctx.trace });
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
  return checkNow(ctx, id);
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
/** Checks the linked certificate with the insurer now (a `certificate.check` span when tracing is on). */
export const checkNow = (ctx: ServiceContext, customerId: string): Promise<AppliedEvent> =>
  inSpan(ctx.trace, 'certificate.check', undefined, (span) => check(underSpan(ctx, span), customerId));

const check = async (ctx: ServiceContext, customerId: string): Promise<AppliedEvent> => {
  const record = ctx.lifecycle.state.record(customerId);
  const certificateId = record?.certificateId ?? null;
  if (certificateId === null) throw new DomainError('TAI-CERT-NOT-LINKED', { detail: customerId });
  traceCustomer(ctx, customerId);
  spanAttributes(ctx.trace, { [ATTR.certificate]: certificateId });
  const outcome = forLifecycle(
    checkOutcomeOf(await ctx.lifecycle.insurer.getCertificateDetails(certificateId, { fresh: true, trace: ctx.trace })),
  );
  // Apply to whatever is linked now: an outcome for a certificate since replaced is dropped.
  const applied = await applyLifecycleEvent(ctx, customerId, (r) =>
    r.certificateId === certificateId ? eventOfCheck(outcome) : null,
  );
  return followUp(ctx, applied);
};
