/** The recognition calculator for finance: a schedule for an amount, currency, period and method. */
import { previewSchedule } from '../../domain/revenue/preview.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';

interface PreviewInput {
  readonly amount: string;
  readonly currency: string;
  readonly start: string;
  readonly end: string;
  readonly method: string;
}

export const previewRevenue = async ({
  ctx,
  input,
}: VerbArgs<PreviewInput>): Promise<ReturnType<typeof previewSchedule>> => {
  await requireAdmin(ctx);
  return previewSchedule(input);
};
