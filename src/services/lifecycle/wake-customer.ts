/** A scheduled wake-up: a check when one is due, else a tick (warnings, expiry, grace, renewal timers). */
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { applyLifecycleEvent, type AppliedEvent } from './apply-event.ts';
import { checkNow, followUp } from './follow-up.ts';

export const wakeCustomer = async ({ ctx, input }: VerbArgs<{ customerId: string }>): Promise<AppliedEvent> => {
  await requireAdmin(ctx);
  const { customerId } = input;
  const record = ctx.lifecycle.state.record(customerId);
  let checked: AppliedEvent | null = null;
  if (record?.certificateId && record.nextCheckAt !== null && record.nextCheckAt <= ctx.clock.now()) {
    checked = await checkNow(ctx, customerId);
  }
  // Then the timers a check does not run (warnings, expiry, grace, renewal steps), only if one is still due.
  const wakeAt = checked?.record.wakeAt ?? null;
  if (checked !== null && (wakeAt === null || wakeAt > ctx.clock.now())) return checked;
  return followUp(ctx, await applyLifecycleEvent(ctx, customerId, () => ({ type: 'tick' })));
};
