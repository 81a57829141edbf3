/** Requests a new certificate for the customer from the insurer and follows it until issued. */
import { requireAdmin } from '../auth/require.ts';
import { actorName, type VerbArgs } from '../context.ts';
import { findCustomer } from '../customers/find-customer.ts';
import { applyLifecycleEvent, type AppliedEvent } from './apply-event.ts';
import { followUp, insurerFailure } from './follow-up.ts';

export const provisionCertificate = async ({ ctx, input }: VerbArgs<{ customerId: string }>): Promise<AppliedEvent> => {
  await requireAdmin(ctx);
  const customer = await findCustomer(ctx, input.customerId);
  const ticket = await ctx.lifecycle.insurer.requestCertificate(
    { name: customer.name, reference: customer.id },
    { trace: ctx.trace },
  );
  if (!ticket.ok) throw insurerFailure(ticket.error);
  const applied = await applyLifecycleEvent(ctx, customer.id, () => ({
    type: 'provision_requested',
    requestId: ticket.value.requestId,
    actor: actorName(ctx.actor),
  }));
  return followUp(ctx, applied);
};
