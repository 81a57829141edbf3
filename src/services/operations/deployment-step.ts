/**
 * One step of a deployment's machine in one transaction: under the customer's lock, re-read the stored
 * record (the store is the truth), run the pure transition, apply its effects.
 */
import { transition, type Deployment, type DeploymentEvent } from '../../domain/deployment/index.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { SignedReceipt } from '../../domain/receipts/receipt-format.ts';
import type { ServiceContext } from '../context.ts';
import { applyAfterCommit, applyInTransaction } from '../effects/apply-effects.ts';
import { nextReceiptId } from '../receipts/append-receipt.ts';

interface Stepped {
  readonly record: Deployment;
  readonly receipts: readonly SignedReceipt[];
}

export const stepDeployment = async (
  ctx: ServiceContext,
  customerId: string,
  deploymentId: string,
  /** The event, given the id its receipt (if it has one) will carry. */
  eventFor: (receiptId: string) => DeploymentEvent,
): Promise<Stepped> => {
  const done = await ctx.store.transaction(async (tx) => {
    const scope = tx.forCustomer(customerId);
    await scope.lock();
    const current = await scope.deployment(deploymentId);
    if (current === undefined) throw new DomainError('TAI-DEPLOYMENT-NOT-FOUND', { detail: deploymentId });
    const next = transition(current, eventFor(await nextReceiptId(scope, ctx.clock)), ctx.clock.now());
    const applied = await applyInTransaction(tx, ctx, next.effects);
    return { record: next.record, receipts: applied.receipts, later: applied.later };
  });
  applyAfterCommit(ctx, done);
  return { record: done.record, receipts: done.receipts };
};
