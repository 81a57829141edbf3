/** One of the customer's receipts with its inclusion proof against the latest signed checkpoint. */
import { requireScope } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { receiptWithProof, type ReceiptWithProof } from './ledger-reads.ts';

export const getReceipt = async ({ ctx, input }: VerbArgs<{ receiptId: string }>): Promise<ReceiptWithProof> => {
  const actor = await requireScope(ctx, 'receipts:read');
  return receiptWithProof(ctx.store.scope(actor.customerId), ctx, input.receiptId);
};
