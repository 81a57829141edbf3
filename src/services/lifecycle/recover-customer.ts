/** An operator's verification that writes may resume (the manual recovery policy's second key). */
import { requireAdmin } from '../auth/require.ts';
import { actorName, type VerbArgs } from '../context.ts';
import { applyLifecycleEvent, type AppliedEvent } from './apply-event.ts';

export const recoverCustomer = async ({ ctx, input }: VerbArgs<{ customerId: string }>): Promise<AppliedEvent> => {
  await requireAdmin(ctx);
  return applyLifecycleEvent(ctx, input.customerId, () => ({
    type: 'operator_recovered',
    actor: actorName(ctx.actor),
  }));
};
