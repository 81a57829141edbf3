/**
 * Runs a reserved deployment to completion in the background: start it, execute it (aborted if the
 * customer loses its authority meanwhile), then record the outcome with its receipt. The authority is
 * checked again at the moment of recording: a lapse while it ran means it is not committed as
 * contractual. A failure of the service itself is logged with the deployment's id and recorded as failed.
 */
import type { DeploymentExecutor, DeploymentSpec } from '../../adapters/executor/interface.ts';
import type { WorkHold } from '../../adapters/store/interface.ts';
import type { Deployment, ExecutionOutcome } from '../../domain/deployment/index.ts';
import type { ReceiptStamp } from '../../domain/effects/types.ts';
import { receiptStamp } from '../../domain/mode/index.ts';
import type { ServiceContext } from '../context.ts';
import { authorize } from '../lifecycle/authorize.ts';
import { stepDeployment } from './deployment-step.ts';

export const specOf = (
  d: Pick<Deployment, 'id' | 'customerId' | 'target' | 'artifact' | 'capacityUnits' | 'parameters'>,
): DeploymentSpec => ({
  deploymentId: d.id,
  customerId: d.customerId,
  target: d.target,
  artifact: d.artifact,
  capacityUnits: d.capacityUnits,
  parameters: d.parameters,
});

/**
 * Whether the customer may still deploy as it was accepted (contractual stays contractual), and the stamp
 * a completion would be receipted under now (advisory, under the contract it was accepted for, when not).
 */
export const authorityNow = async (
  ctx: ServiceContext,
  d: Deployment,
): Promise<{ readonly held: boolean; readonly stamp: ReceiptStamp }> => {
  const customer = await ctx.store.read((r) => r.forCustomer(d.customerId).get());
  const contract = await ctx.store.read((r) => r.forCustomer(d.customerId).currentContract());
  const now = customer === undefined ? null : authorize(ctx, customer, contract?.document ?? null, 'deploy');
  if (now?.ok === true) {
    const held = d.authority !== 'contractual' || now.value.authority === 'contractual';
    return { held, stamp: receiptStamp(now.value) };
  }
  const stamp: ReceiptStamp = {
    mode: customer?.mode ?? 'eval',
    authority: 'advisory',
    contractReference: d.contractReference,
    insurance: null,
    disclaimer: null,
  };
  return { held: false, stamp };
};

const authorityHeld = async (ctx: ServiceContext, d: Deployment): Promise<boolean> => (await authorityNow(ctx, d)).held;

const internalFailure = (e: unknown): ExecutionOutcome => ({
  status: 'failed',
  reason: 'internal',
  exitCode: null,
  signal: null,
  output: '',
  truncated: false,
  durationMs: 0,
  detail: e instanceof Error ? e.message : String(e),
});

const run = async (
  ctx: ServiceContext,
  d: Deployment,
  executor: DeploymentExecutor,
  stamp: ReceiptStamp,
  signal: AbortSignal,
  hold: WorkHold | undefined,
): Promise<void> => {
  let state = d.state;
  try {
    const live = await stepDeployment(ctx, d.customerId, d.id, () => ({ type: 'start' }), hold);
    state = live.record.state;
    const outcome = await executor.execute(specOf(d), signal, (pid) => {
      if (hold === undefined) return;
      // Where the command runs, so that recovery can stop it if this process dies; a lost write is logged.
      ctx.store
        .transaction((tx) => tx.recordWorkProcess('deployment', d.id, hold, pid, pid))
        .catch((e: unknown) => ctx.logger.error({ err: e, deploymentId: d.id, pid }, 'could not record the process'));
    });
    const held = await authorityHeld(ctx, d);
    await stepDeployment(
      ctx,
      d.customerId,
      d.id,
      (receiptId) => ({ type: 'finish', outcome, stamp, authorityHeld: held, receiptId }),
      hold,
    );
  } catch (e) {
    ctx.logger.error({ err: e, deploymentId: d.id, customerId: d.customerId }, 'background deployment failed');
    if (state !== 'running') return;
    // The outcome is unknown to the customer otherwise; record it as failed if the store allows.
    await stepDeployment(
      ctx,
      d.customerId,
      d.id,
      (receiptId) => ({ type: 'finish', outcome: internalFailure(e), stamp, authorityHeld: true, receiptId }),
      hold,
    ).catch((again: unknown) => {
      ctx.logger.error({ err: again, deploymentId: d.id }, 'could not record the failed background deployment');
    });
  }
};

/** Starts the background run; shutdown waits for (or aborts) what is in ctx.operations.background. */
export const runInBackground = (
  ctx: ServiceContext,
  d: Deployment,
  executor: DeploymentExecutor,
  stamp: ReceiptStamp,
  hold?: WorkHold,
): void => {
  const { running, background } = ctx.operations;
  const signal = running.start(d.customerId, d.id);
  const task = run(ctx, d, executor, stamp, signal, hold).finally(() => {
    running.finish(d.customerId, d.id);
    background.delete(task);
  });
  background.add(task);
};
