/** The latest signed checkpoint of the customer's log. */
import type { CheckpointRow } from '../../adapters/store/interface.ts';
import { requireScope } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { latestCheckpoint } from './ledger-reads.ts';

export const getCheckpoint = async ({ ctx }: VerbArgs<Record<string, never>>): Promise<CheckpointRow> => {
  const actor = await requireScope(ctx, 'receipts:read');
  return latestCheckpoint(ctx.store.scope(actor.customerId), ctx);
};
