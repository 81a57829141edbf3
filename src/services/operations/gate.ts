/**
 * The pre-flight every contractual operation shares: who the customer is, its contract, and whether the
 * mode policy lets it act now. A refusal is recorded (domain/mode/refusal.ts: audited and counted, an
 * eval-mode one also receipted) in its own transaction before it is thrown.
 */
import type { Contract, Customer } from '../../domain/customer/types.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { Authorization, Operation } from '../../domain/mode/index.ts';
import { refusalEffects, refusalReceipted } from '../../domain/mode/refusal.ts';
import type { NotificationDraft } from '../../domain/notifications/types.ts';
import { actorName, type CustomerActor, type ServiceContext } from '../context.ts';
import { findCustomer } from '../customers/find-customer.ts';
import { applyAfterCommit, applyInTransaction } from '../effects/apply-effects.ts';
import { nextReceiptId } from '../receipts/append-receipt.ts';
import { authorize } from '../lifecycle/authorize.ts';

export interface Cleared {
  readonly actor: CustomerActor;
  readonly operation: Operation;
  readonly customer: Customer;
  readonly contract: Contract | null;
  readonly authorization: Authorization;
  /** The request as received, for the refusal's record. */
  readonly request: unknown;
}

export interface RefusalInput {
  readonly cleared: Omit<Cleared, 'authorization'> & { readonly mode: Authorization['mode'] };
  readonly error: DomainError;
  /** What the customer is told about this refusal, if anything. */
  readonly notice?: (code: DomainError['code'], reason: string | null) => NotificationDraft | null;
}

/** Records the refusal, then throws it (with the receipt that evidences it, for eval mode). */
const refuse = async (ctx: ServiceContext, r: RefusalInput): Promise<never> => {
  const { cleared, error } = r;
  const done = await ctx.store.transaction(async (tx) => {
    const scope = tx.forCustomer(cleared.customer.id);
    // A receipted refusal names its receipt: minted under the lock, in the transaction that appends it.
    const receipted = refusalReceipted(error.code);
    if (receipted) await scope.lock();
    const receiptId = receipted ? await nextReceiptId(scope, ctx.clock) : null;
    const effects = refusalEffects({
      operation: cleared.operation,
      customerId: cleared.customer.id,
      actor: actorName(cleared.actor),
      code: error.code,
      detail: error.detail ?? null,
      request: cleared.request,
      mode: cleared.mode,
      contractReference: cleared.contract?.document.reference ?? null,
      receiptId,
      notification: r.notice?.(error.code, error.detail ?? null) ?? null,
    });
    return { receiptId, applied: await applyInTransaction(tx, ctx, effects) };
  });
  applyAfterCommit(ctx, done.applied);
  const { receiptId } = done;
  if (receiptId === null) throw error;
  throw new DomainError(error.code, { detail: error.detail ?? error.code, receiptId });
};

/** Clears the operation or throws its refusal (after recording it). */
export const clearOperation = async (
  ctx: ServiceContext,
  actor: CustomerActor,
  operation: Operation,
  request: unknown,
  notice?: RefusalInput['notice'],
): Promise<Cleared> => {
  const customer = await findCustomer(ctx, actor.customerId);
  const contract = (await ctx.store.read((r) => r.forCustomer(customer.id).currentContract())) ?? null;
  const decision = authorize(ctx, customer, contract?.document ?? null, operation);
  if (!decision.ok) {
    const { code, mode, reason } = decision.error;
    return refuse(ctx, {
      cleared: { actor, operation, customer, contract, request, mode },
      error: new DomainError(code, { detail: reason ?? code }),
      ...(notice === undefined ? {} : { notice }),
    });
  }
  return { actor, operation, customer, contract, request, authorization: decision.value };
};

/** Refuses after the mode policy cleared the request (a later pre-flight step), recorded the same way. */
export const refuseCleared = (
  ctx: ServiceContext,
  cleared: Cleared,
  error: DomainError,
  notice?: RefusalInput['notice'],
): Promise<never> =>
  refuse(ctx, {
    cleared: { ...cleared, mode: cleared.authorization.mode },
    error,
    ...(notice === undefined ? {} : { notice }),
  });
