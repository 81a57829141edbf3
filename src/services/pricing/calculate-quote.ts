/**
 * A quote: the pricing version in force on the requested day, priced by the pure engine. A read, so it
 * works in read-only mode; with `receipt: true` the quote is evidenced by a receipt in the customer's log.
 */
import type { Authority, Mode } from '../../domain/customer/types.ts';
import { quote, type Quote, type QuoteRequest } from '../../domain/pricing/index.ts';
import type { SignedReceipt } from '../../domain/receipts/receipt-format.ts';
import { utcDay } from '../../domain/customer/types.ts';
import type { VerbArgs } from '../context.ts';
import { requireScope } from '../auth/require.ts';
import { findCustomer } from '../customers/find-customer.ts';
import { appendReceipt } from '../receipts/append-receipt.ts';
import { pricingVersionInForce } from './versions-cache.ts';
import { inSpan } from '../../adapters/tracing/spans.ts';
import { traceCustomer, underSpan } from '../traced.ts';

const QUOTE_DISCLAIMER = 'Quote for information; prices are binding only under the contract referenced.';

interface QuoteResult extends Quote {
  readonly mode: Mode;
  readonly authority: Authority;
  readonly receipt?: SignedReceipt;
}

export const calculateQuote = ({ ctx, input }: VerbArgs<{ request: QuoteRequest }>): Promise<QuoteResult> =>
  inSpan(ctx.trace, 'quote', undefined, (span) => calculate({ ctx: underSpan(ctx, span), input }));

const calculate = async ({ ctx, input }: VerbArgs<{ request: QuoteRequest }>): Promise<QuoteResult> => {
  const { customerId } = await requireScope(ctx, 'pricing:read');
  traceCustomer(ctx, customerId);
  const { request } = input;
  const atDay = request.at ?? utcDay(ctx.clock.now());
  const [customer, version] = await Promise.all([
    findCustomer(ctx, customerId),
    ctx.store.read((r) => pricingVersionInForce(r.forCustomer(customerId), atDay)),
  ]);
  // A quote states prices; it never claims contractual authority on its own.
  const priced: QuoteResult = { ...quote(version, request, { atDay }), mode: customer.mode, authority: 'advisory' };
  if (!request.receipt) return priced;

  const { receipt } = await ctx.store.transaction(async (tx) => {
    const contract = await tx.forCustomer(customerId).currentContract();
    return appendReceipt(tx, ctx, {
      customerId,
      kind: 'quote',
      mode: customer.mode,
      authority: 'advisory',
      request,
      result: priced,
      contractReference: contract?.document.reference ?? null,
      insurance: null,
      disclaimer: QUOTE_DISCLAIMER,
    });
  });
  return { ...priced, receipt };
};
