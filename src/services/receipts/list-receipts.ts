/** The customer's own receipts, oldest first, a page at a time, optionally by kind and issue time. */
import type { SignedReceipt } from '../../domain/receipts/receipt-format.ts';
import { requireScope } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { signedReceiptOf } from './ledger-reads.ts';

interface ReceiptFilter {
  readonly limit: number;
  /** Log index of the last receipt of the previous page. */
  readonly after?: number | undefined;
  readonly kind?: string | undefined;
  /** ISO instants, inclusive. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export const listReceipts = async ({
  ctx,
  input,
}: VerbArgs<ReceiptFilter>): Promise<{ items: SignedReceipt[]; next: number | null }> => {
  const actor = await requireScope(ctx, 'receipts:read');
  const rows = await ctx.store.scope(actor.customerId).receipts({
    limit: input.limit + 1,
    afterIndex: input.after,
    kind: input.kind,
    from: input.from,
    to: input.to,
  });
  const items = rows.slice(0, input.limit);
  return {
    items: items.map(signedReceiptOf),
    next: rows.length > input.limit ? (items.at(-1)?.logIndex ?? null) : null,
  };
};
