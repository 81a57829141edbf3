/** The customer's view of its own insurance (scope account:read). */
import type { LifecycleView } from '../../domain/certificate/index.ts';
import { requireScope } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { insuranceViewOf } from './insurance-view.ts';

export const getMyInsurance = async ({ ctx }: VerbArgs<Record<string, never>>): Promise<LifecycleView> => {
  const actor = await requireScope(ctx, 'account:read');
  return insuranceViewOf(ctx, actor.customerId);
};
