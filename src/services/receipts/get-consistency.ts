/** An RFC 6962 consistency proof between two sizes of the customer's log (to: the latest when absent). */
import { requireScope } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { consistencyBetween } from './ledger-reads.ts';

export const getConsistency = async ({
  ctx,
  input,
}: VerbArgs<{ from: number; to?: number | undefined }>): Promise<{
  from: number;
  to: number;
  hashes: string[];
  checkpoint: string;
}> => {
  const actor = await requireScope(ctx, 'receipts:read');
  return consistencyBetween(ctx.store.scope(actor.customerId), ctx, input.from, input.to);
};
