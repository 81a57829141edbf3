/** The customer's whole log as one self-contained bundle (public keys, latest checkpoint, every receipt). */
import type { ReceiptBundle2 } from '../../domain/receipts/bundle.ts';
import { requireScope } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { exportBundle } from './ledger-reads.ts';

export const exportReceipts = async ({
  ctx,
}: VerbArgs<Record<string, never>>): Promise<{ customerId: string; bundle: ReceiptBundle2 }> => {
  const actor = await requireScope(ctx, 'receipts:read');
  return { customerId: actor.customerId, bundle: await exportBundle(ctx.store.scope(actor.customerId), ctx) };
};
