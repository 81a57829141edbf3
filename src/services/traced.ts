/**
 * Tracing as the verbs see it: the context for the work under a span, and the span attributes they share
 * (who, as a pseudonym and never a name or email, and with what standing).
 */
import { ATTR, spanAttributes, type SpanHandle } from '../adapters/tracing/spans.ts';
import { storeUnder } from '../adapters/tracing/store.ts';
import type { Authorization } from '../domain/mode/index.ts';
import { pseudonymize } from '../domain/receipts/audit-chain.ts';
import type { ServiceContext } from './context.ts';

/** Pseudonyms by audit secret and customer id: one HMAC per customer, not one per span. */
const bySecret = new WeakMap<Uint8Array, Map<string, string>>();
const MAX_CACHED = 100_000;
const pseudonymOf = (ctx: ServiceContext, customerId: string): string => {
  let pseudonyms = bySecret.get(ctx.auditSecret);
  if (pseudonyms === undefined) {
    pseudonyms = new Map();
    bySecret.set(ctx.auditSecret, pseudonyms);
  }
  let p = pseudonyms.get(customerId);
  if (p === undefined) {
    p = pseudonymize(customerId, ctx.auditSecret);
    if (pseudonyms.size >= MAX_CACHED) pseudonyms.clear();
    pseudonyms.set(customerId, p);
  }
  return p;
};

/** `ctx` for the work under `span`: its spans' parent, with its store's transactions opened under it. */
export const underSpan = (ctx: ServiceContext, span: SpanHandle | undefined): ServiceContext =>
  span === undefined ? ctx : { ...ctx, trace: span, store: storeUnder(ctx.store, span) };

/** ctx's span gets the customer's pseudonym and, once cleared, its mode, authority and certificate. */
export const traceCustomer = (ctx: ServiceContext, customerId: string, authorization?: Authorization): void => {
  if (ctx.trace === undefined) return;
  spanAttributes(ctx.trace, {
    [ATTR.customer]: pseudonymOf(ctx, customerId),
    [ATTR.mode]: authorization?.mode,
    [ATTR.authority]: authorization?.authority,
    [ATTR.certificate]: authorization?.insurance?.certificateId,
  });
};
