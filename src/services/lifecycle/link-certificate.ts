/** Links a certificate id to a customer and verifies it at once. */
import { requireAdmin } from '../auth/require.ts';
import { actorName, type VerbArgs } from '../context.ts';
import { applyLifecycleEvent, type AppliedEvent } from './apply-event.ts';
import { checkNow } from './follow-up.ts';

export const linkCertificate = async ({
  ctx,
  input,
}: VerbArgs<{ customerId: string; certificateId: string }>): Promise<AppliedEvent> => {
  await requireAdmin(ctx);
  const { customerId, certificateId } = input;
  await applyLifecycleEvent(ctx, customerId, () => ({ type: 'linked', certificateId, actor: actorName(ctx.actor) }));
  return checkNow(ctx, customerId);
};
