/**
 * One step of a deployment's machine in one transaction: under the customer's lock, re-read the stored
 * record (the store is the truth), run the pure transition, apply its effects.
 */
import type { WorkHold } from '../../adapters/store/interface.ts';
import { transition, type Deployment, type DeploymentEvent } from '../../domain/deployment/index.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { SignedReceipt } from '../../domain/receipts/receipt-format.ts';
import type { ServiceContext } from '../context.ts';
import { applyAfterCommit, applyInTransaction } from '../effects/apply-effects.ts';
import { ensureHeld } from '../instances/fence.ts';
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
  /** The instance's hold on the deployment (background runs): fenced, and released once it is no longer in flight. */
  hold?: WorkHold,
): Promise<Stepped> => {
  const done = await ctx.store.transaction(async (tx) => {
    const scope = tx.forCustomer(customerId);
    await scope.lock();
    if (hold !== undefined) await ensureHeld(tx, 'deployment', deploymentId, hold);
    const current = await scope.deployment(deploymentId);
    if (current === undefined) throw new DomainError('TAI-DEPLOYMENT-NOT-FOUND', { detail: deploymentId });
    const next = transition(current, eventFor(await nextReceiptId(scope, ctx.clock)), ctx.clock.now());
    const applied = await applyInTransaction(tx, ctx, next.effects);
    const inFlight = next.record.state === 'reserved' || next.record.state === 'running';
    if (hold !== undefined && !inFlight) await tx.finishWork('deployment', deploymentId, hold);
    return { record: next.record, receipts: applied.receipts, later: applied.later };
  });
  applyAfterCommit(ctx, done);
  return { record: done.record, receipts: done.receipts };
};
