/** An operator's view of any customer's insurance. */
import type { LifecycleView } from '../../domain/certificate/index.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { insuranceViewOf } from './insurance-view.ts';

export const getInsurance = async ({ ctx, input }: VerbArgs<{ customerId: string }>): Promise<LifecycleView> => {
  await requireAdmin(ctx);
  return insuranceViewOf(ctx, input.customerId);
};
