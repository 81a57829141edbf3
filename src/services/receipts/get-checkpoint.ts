/** The latest checkpoint of the customer's log that witnesses cosigned (the latest signed one without witnesses). */
import { requireScope } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { witnessedCheckpoint } from './ledger-reads.ts';

export const getCheckpoint = async ({
  ctx,
}: VerbArgs<Record<string, never>>): Promise<Awaited<ReturnType<typeof witnessedCheckpoint>>> => {
  const actor = await requireScope(ctx, 'receipts:read');
  return witnessedCheckpoint(ctx.store.scope(actor.customerId), ctx);
};
