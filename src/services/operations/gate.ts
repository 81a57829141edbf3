/**
 * The pre-flight every contractual operation shares: who the customer is, its contract, and whether the
 * mode policy lets it act now. A refusal is audited; an eval-mode refusal is also a signed receipt, so the
 * customer holds cryptographic evidence that the operation was refused (Phase 1's eval guarantee).
 */
import type { Contract, Customer } from '../../domain/customer/types.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { Authorization, Operation } from '../../domain/mode/index.ts';
import { DISCLAIMERS } from '../../domain/mode/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { getCustomer } from '../customers/get-customer.ts';
import { authorize } from '../lifecycle/authorize.ts';
import { appendReceipt } from '../receipts/append-receipt.ts';

export interface Cleared {
  readonly customer: Customer;
  readonly contract: Contract | null;
  readonly authorization: Authorization;
}

const refuse = async (
  ctx: ServiceContext,
  actor: Actor,
  customer: Customer,
  contract: Contract | null,
  operation: Operation,
  request: unknown,
  code: DomainError['code'],
  mode: Authorization['mode'],
  reason: string | null,
): Promise<never> => {
  const receiptId = await ctx.store.transaction(async (tx) => {
    const receipt =
      code === 'TAI-MODE-EVAL'
        ? (
            await appendReceipt(tx, ctx, {
              customerId: customer.id,
              kind: 'refusal',
              mode,
              authority: 'advisory',
              request: { operation, request },
              result: { refused: true, code },
              contractReference: contract?.document.reference ?? null,
              insurance: null,
              disclaimer: DISCLAIMERS.eval,
            })
          ).receipt.body.id
        : undefined;
    await recordAudit(tx, ctx, {
      type: `${operation}.attempt`,
      actor,
      customerId: customer.id,
      outcome: 'denied',
      details: { code, reason, receiptId: receipt ?? null },
    });
    return receipt;
  });
  throw new DomainError(code, { detail: reason ?? code, ...(receiptId === undefined ? {} : { receiptId }) });
};

/** Clears the operation or throws its refusal (after recording it). */
export const clearOperation = async (
  ctx: ServiceContext,
  actor: Actor & { kind: 'customer' },
  operation: Operation,
  request: unknown,
): Promise<Cleared> => {
  const customer = await getCustomer({ ctx, input: { customerId: actor.customerId } });
  const contract = (await ctx.store.read((r) => r.forCustomer(customer.id).currentContract())) ?? null;
  const decision = authorize(ctx, customer, contract?.document ?? null, operation);
  if (!decision.ok) {
    return refuse(
      ctx,
      actor,
      customer,
      contract,
      operation,
      request,
      decision.error.code,
      decision.error.mode,
      decision.error.reason,
    );
  }
  return { customer, contract, authorization: decision.value };
};

/** Refuses after the mode policy cleared the request (a later pre-flight step), with the same audit trail. */
export const refuseLater = (
  ctx: ServiceContext,
  actor: Actor,
  cleared: Cleared,
  operation: Operation,
  error: DomainError,
): Promise<never> =>
  ctx.store
    .transaction((tx) =>
      recordAudit(tx, ctx, {
        type: `${operation}.attempt`,
        actor,
        customerId: cleared.customer.id,
        outcome: 'denied',
        details: { code: error.code, detail: error.detail ?? null },
      }),
    )
    .then(() => {
      throw error;
    });
