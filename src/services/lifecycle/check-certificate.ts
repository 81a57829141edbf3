/** An operator's (or the scheduler's) check of a customer's certificate with the insurer, now. */
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import type { AppliedEvent } from './apply-event.ts';
import { checkNow } from './follow-up.ts';

export const checkCertificate = async ({ ctx, input }: VerbArgs<{ customerId: string }>): Promise<AppliedEvent> => {
  await requireAdmin(ctx);
  return checkNow(ctx, input.customerId);
};
