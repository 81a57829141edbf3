/** Switches a customer to a new certificate after verifying it: it must be authentic and live. */
import { DomainError } from '../../domain/errors/domain-error.ts';
import { requireAdmin } from '../auth/require.ts';
import { actorName, type VerbArgs } from '../context.ts';
import { findCustomer } from '../customers/find-customer.ts';
import { applyLifecycleEvent, type AppliedEvent } from './apply-event.ts';
import { followUp, insurerFailure } from './follow-up.ts';

export const rotateCertificate = async ({
  ctx,
  input,
}: VerbArgs<{ customerId: string; certificateId: string }>): Promise<AppliedEvent> => {
  await requireAdmin(ctx);
  const { customerId, certificateId } = input;
  await findCustomer(ctx, customerId);
  const r = await ctx.lifecycle.insurer.verifyCertificate(certificateId, { fresh: true, trace: ctx.trace });
  if (!r.ok)
    throw r.error.certificate
      ? new DomainError('TAI-CERT-NOT-LIVE', { detail: `${certificateId}: ${r.error.code}` })
      : insurerFailure(r.error);
  const applied = await applyLifecycleEvent(ctx, customerId, () => ({
    type: 'rotated',
    certificate: r.value.document,
    actor: actorName(ctx.actor),
  }));
  return followUp(ctx, applied);
};
