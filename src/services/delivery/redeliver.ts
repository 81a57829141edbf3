/** Sends a dead-lettered delivery again from its first attempt (admin), with the same ids. */
import { DomainError } from '../../domain/errors/domain-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';

export const redeliverNotification = async ({ ctx, input }: VerbArgs<{ readonly id: string }>): Promise<void> => {
  await requireAdmin(ctx);
  await ctx.store.transaction(async (tx) => {
    const d = await tx.delivery(input.id);
    if (d === undefined) throw new DomainError('TAI-NOTIFY-DELIVERY-NOT-FOUND', { detail: input.id });
    if (!(await tx.redeliver(input.id, ctx.clock.now())))
      throw new DomainError('TAI-NOTIFY-DELIVERY-NOT-DEAD', { detail: `${input.id} is ${d.status}` });
    await recordAudit(tx, ctx, {
      type: 'notification.redelivered',
      actor: ctx.actor,
      customerId: d.customerId,
      outcome: 'success',
      details: { delivery: d.id, channel: d.channel },
    });
  });
  ctx.notifier.committed();
};
