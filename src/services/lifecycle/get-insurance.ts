/** An operator's view of any customer's insurance. */
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { insuranceReadOf, type InsuranceRead } from './insurance-view.ts';

export const getInsurance = async ({ ctx, input }: VerbArgs<{ customerId: string }>): Promise<InsuranceRead> => {
  await requireAdmin(ctx);
  return insuranceReadOf(ctx, input.customerId);
};
