/** Span attributes the verbs share: who (as a pseudonym, never a name or email) and with what standing. */
import { ATTR, spanAttributes, tracingOn } from '../adapters/tracing/spans.ts';
import type { Authorization } from '../domain/mode/index.ts';
import { pseudonymize } from '../domain/receipts/audit-chain.ts';
import type { ServiceContext } from './context.ts';

/** The active span gets the customer's pseudonym and, once cleared, its mode, authority and certificate. */
export const traceCustomer = (ctx: ServiceContext, customerId: string, authorization?: Authorization): void => {
  if (!tracingOn()) return;
  spanAttributes({
    [ATTR.customer]: pseudonymize(customerId, ctx.auditSecret),
    [ATTR.mode]: authorization?.mode,
    [ATTR.authority]: authorization?.authority,
    [ATTR.certificate]: authorization?.insurance?.certificateId,
  });
};
