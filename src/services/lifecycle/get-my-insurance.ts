/** The customer's view of its own insurance (scope account:read). */
import { requireScope } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { insuranceReadOf, type InsuranceRead } from './insurance-view.ts';

export const getMyInsurance = async ({ ctx }: VerbArgs<Record<string, never>>): Promise<InsuranceRead> => {
  const actor = await requireScope(ctx, 'account:read');
  return insuranceReadOf(ctx, actor.customerId);
};
