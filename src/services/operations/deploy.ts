/**
 * Customer deploy. Pre-flight as publish, plus: the contract named is the customer's own and in force
 * with "deploy"; the target is configured here and allowed by the contract; capacity stays within the
 * contract's limits counting the customer's other active deployments. Capacity is reserved under the
 * customer lock, so concurrent requests never double-reserve. `record` completes in the same transaction
 * (201); any other executor answers 202 with an acceptance receipt and completes in the background, where
 * a lapse of insurance aborts it and the outcome is recorded as rolled back (plan risk R2).
 */
import type { DeploymentExecutor, DeploymentSpec, ExecutionOutcome } from '../../adapters/executor/interface.ts';
import { specProblem } from '../../adapters/executor/spec.ts';
import type { Deployment, DeploymentState, StoreTx } from '../../adapters/store/interface.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { modeStamp, type Authorization } from '../../domain/mode/index.ts';
import { newId } from '../../domain/shared/ids.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso, type Actor, type ServiceContext } from '../context.ts';
import { runIdempotent, type IdempotentResponse } from '../idempotency/run-idempotent.ts';
import { authorize } from '../lifecycle/authorize.ts';
import { appendReceipt } from '../receipts/append-receipt.ts';
import { clearOperation, refuseLater } from './gate.ts';

export interface DeployBody {
  readonly contractReference: string;
  readonly target: string;
  readonly capacityUnits: number;
  readonly artifact: string;
  readonly parameters?: Readonly<Record<string, string | number | boolean>>;
}

export interface DeployInput {
  readonly actor: Actor & { kind: 'customer' };
  readonly body: DeployBody;
  readonly idempotencyKey: string | undefined;
  readonly path: string;
}

/** What the customer is told about a deployment: never the executor's raw detail (it may name host paths). */
export const publicOutcome = (o: ExecutionOutcome, note: string | null = null) => ({
  status: o.status,
  reason: o.status === 'failed' ? o.reason : null,
  exitCode: o.status === 'failed' ? o.exitCode : 0,
  durationMs: o.durationMs,
  output: o.output,
  truncated: o.truncated,
  note,
});

const finishReceipt = async (
  tx: StoreTx,
  ctx: ServiceContext,
  d: Deployment,
  a: Authorization,
  kind: string,
  result: unknown,
) =>
  appendReceipt(tx, ctx, {
    customerId: d.customerId,
    kind,
    mode: a.mode,
    authority: a.authority,
    request: { deploymentId: d.id, target: d.target, artifact: d.artifact, capacityUnits: d.capacityUnits },
    result,
    contractReference: a.contractReference,
    insurance: a.insurance,
    disclaimer: modeStamp(a).disclaimer ?? null,
  });

/**
 * A deployment that failed or was rolled back is told to the customer and to on-call through the outbox,
 * in the transaction that records it (the notifications work delivers it; plan P2-W2-B6). One message per
 * deployment and outcome, whatever retries happen.
 */
const notifyUnsuccessful = async (
  tx: StoreTx,
  ctx: ServiceContext,
  d: Pick<Deployment, 'id' | 'customerId' | 'target' | 'artifact'>,
  state: DeploymentState,
  outcome: ReturnType<typeof publicOutcome>,
): Promise<void> => {
  if (state !== 'failed' && state !== 'rolled_back') return;
  const type = state === 'failed' ? 'deployment_failed' : 'deployment_rolled_back';
  const at = ctx.clock.now();
  await tx.enqueueNotification({
    id: newId('evt', at),
    type,
    customerId: d.customerId,
    dedupeKey: `${type}:${d.id}`,
    payload: {
      type,
      customerId: d.customerId,
      deploymentId: d.id,
      target: d.target,
      artifact: d.artifact,
      reason: outcome.reason,
      exitCode: outcome.exitCode,
      note: outcome.note,
      audiences: ['customer', 'oncall'],
      severity: state === 'rolled_back' ? 'page' : 'warning',
      at,
    },
    createdAt: new Date(at).toISOString(),
  });
};

/** Moves a deployment to its final state with its receipt and audit event, in one transaction. */
const settle = (
  ctx: ServiceContext,
  actor: Actor | string,
  d: Deployment,
  from: DeploymentState,
  state: DeploymentState,
  authorization: Authorization,
  outcome: ReturnType<typeof publicOutcome>,
): Promise<Deployment> =>
  ctx.store.transaction(async (tx) => {
    await tx.forCustomer(d.customerId).lock();
    const { receipt } = await finishReceipt(tx, ctx, d, authorization, 'deploy_completion', {
      deploymentId: d.id,
      state,
      outcome,
    });
    const next: Deployment = {
      ...d,
      state,
      outcome,
      receipts: [...d.receipts, receipt.body.id],
      updatedAt: nowIso(ctx),
    };
    if (!(await tx.forCustomer(d.customerId).updateDeployment(next, from)))
      throw new Error(`deployment ${d.id} left ${from} underneath`);
    await notifyUnsuccessful(tx, ctx, d, state, outcome);
    await recordAudit(tx, ctx, {
      type: `deploy.${state}`,
      actor,
      customerId: d.customerId,
      outcome: state === 'succeeded' ? 'success' : 'failure',
      details: { deploymentId: d.id, receiptId: receipt.body.id },
    });
    return next;
  });

const specOf = (
  d: Pick<Deployment, 'id' | 'customerId' | 'target' | 'artifact' | 'capacityUnits' | 'parameters'>,
): DeploymentSpec => ({
  deploymentId: d.id,
  customerId: d.customerId,
  target: d.target,
  artifact: d.artifact,
  capacityUnits: d.capacityUnits,
  parameters: d.parameters,
});

/** Runs a reserved deployment to completion in the background; aborts it if the customer loses authority. */
const runInBackground = async (
  ctx: ServiceContext,
  d: Deployment,
  executor: DeploymentExecutor,
  accepted: Authorization,
): Promise<void> => {
  const { running } = ctx.operations;
  const signal = running.start(d.customerId, d.id);
  try {
    const live: Deployment = await ctx.store.transaction(async (tx) => {
      const next: Deployment = { ...d, state: 'running', updatedAt: nowIso(ctx) };
      await tx.forCustomer(d.customerId).updateDeployment(next, 'reserved');
      return next;
    });
    const outcome = await executor.execute(specOf(d), signal);
    // Re-check authority at the moment of committing: a lapse while it ran means it is not contractual.
    const customer = await ctx.store.read((r) => r.forCustomer(d.customerId).get());
    const contract = await ctx.store.read((r) => r.forCustomer(d.customerId).currentContract());
    const now = customer ? authorize(ctx, customer, contract?.document ?? null, 'deploy') : null;
    const lapsed =
      now === null || !now.ok || (accepted.authority === 'contractual' && now.value.authority !== 'contractual');
    if (lapsed || (outcome.status === 'failed' && outcome.reason === 'aborted')) {
      const note =
        'stopped: the customer lost the authority to deploy (insurance lapsed, revoked or read-only) while it ran';
      await settle(
        ctx,
        'system',
        live,
        'running',
        'rolled_back',
        { ...accepted, authority: 'advisory', insurance: null },
        publicOutcome(outcome, note),
      );
    } else {
      await settle(
        ctx,
        'system',
        live,
        'running',
        outcome.status === 'succeeded' ? 'succeeded' : 'failed',
        accepted,
        publicOutcome(outcome),
      );
    }
  } finally {
    running.finish(d.customerId, d.id);
  }
};

export const deployConfiguration = async (
  ctx: ServiceContext,
  input: DeployInput,
): Promise<{ response: IdempotentResponse; replayed: boolean }> => {
  const { actor, body } = input;
  const cleared = await clearOperation(ctx, actor, 'deploy', body);
  const { customer, contract, authorization } = cleared;
  const denied = (e: DomainError): Promise<never> => refuseLater(ctx, actor, cleared, 'deploy', e);
  if (contract === null || contract.document.reference !== body.contractReference) {
    return denied(
      new DomainError('TAI-DEPLOY-CONTRACT-MISMATCH', { path: '/contractReference', detail: body.contractReference }),
    );
  }
  const executor = ctx.operations.executors[body.target];
  if (!executor) return denied(new DomainError('TAI-DEPLOY-TARGET-UNKNOWN', { path: '/target', detail: body.target }));
  const allowed = contract.document.limits.allowedTargets;
  if (allowed !== undefined && !allowed.includes(body.target)) {
    return denied(new DomainError('TAI-DEPLOY-TARGET-NOT-ALLOWED', { path: '/target', detail: body.target }));
  }
  const deploymentId = newId('dep', ctx.clock.now());
  const draft = {
    id: deploymentId,
    customerId: customer.id,
    target: body.target,
    artifact: body.artifact,
    capacityUnits: body.capacityUnits,
    parameters: body.parameters ?? {},
  };
  const problem = specProblem(specOf(draft));
  if (problem)
    return denied(new DomainError('TAI-DEPLOY-SPEC-INVALID', { path: problem.path, detail: problem.detail }));

  let background: Deployment | null = null;
  const result = await runIdempotent(
    ctx,
    { customerId: customer.id, key: input.idempotencyKey, method: 'POST', path: input.path, body },
    async (tx) => {
      const scope = tx.forCustomer(customer.id);
      await scope.lock();
      const usage = await scope.activeDeploymentUsage();
      const { limits } = contract.document;
      if (usage.count >= limits.maxActiveDeployments) {
        throw new DomainError('TAI-DEPLOY-MAX-ACTIVE', {
          detail: `${usage.count} active of ${limits.maxActiveDeployments}`,
        });
      }
      const used = usage.capacityUnits;
      if (used + body.capacityUnits > limits.capacityUnits) {
        throw new DomainError('TAI-DEPLOY-CAPACITY-EXCEEDED', {
          path: '/capacityUnits',
          detail: `${used} + ${body.capacityUnits} > ${limits.capacityUnits}`,
        });
      }
      const at = nowIso(ctx);
      const reserved: Deployment = {
        ...draft,
        contractReference: contract.document.reference,
        state: 'reserved',
        authority: authorization.authority,
        insurance: authorization.insurance,
        outcome: null,
        receipts: [],
        createdAt: at,
        updatedAt: at,
      };
      const immediate = executor.kind === 'record';
      // record is bookkeeping only: it completes inside this transaction, with one receipt.
      const outcome = immediate ? await executor.execute(specOf(reserved), new AbortController().signal) : null;
      const state: DeploymentState =
        outcome === null ? 'reserved' : outcome.status === 'succeeded' ? 'succeeded' : 'failed';
      const { receipt } = await finishReceipt(tx, ctx, reserved, authorization, 'deploy', {
        deploymentId,
        state,
        capacityUnits: body.capacityUnits,
        ...(outcome === null ? {} : { outcome: publicOutcome(outcome) }),
      });
      const saved: Deployment = {
        ...reserved,
        state,
        outcome: outcome && publicOutcome(outcome),
        receipts: [receipt.body.id],
      };
      await scope.insertDeployment(saved);
      if (outcome !== null) await notifyUnsuccessful(tx, ctx, saved, state, publicOutcome(outcome));
      await recordAudit(tx, ctx, {
        type: immediate ? `deploy.${state}` : 'deploy.accepted',
        actor,
        customerId: customer.id,
        outcome: state === 'failed' ? 'failure' : 'success',
        details: {
          deploymentId,
          target: body.target,
          capacityUnits: body.capacityUnits,
          authority: authorization.authority,
          receiptId: receipt.body.id,
        },
      });
      if (!immediate) background = saved;
      return { statusCode: immediate ? 201 : 202, body: { deploymentId, state, receipt } };
    },
  ).catch((e: unknown) => {
    // Limits found inside the transaction are pre-flight refusals too: audit them like the others.
    if (e instanceof DomainError && e.code.startsWith('TAI-DEPLOY-')) return denied(e);
    throw e;
  });

  const accepted: Deployment | null = background;
  if (accepted !== null) {
    const task = runInBackground(ctx, accepted, executor, authorization).catch(() => undefined);
    ctx.operations.background.add(task);
    void task.finally(() => ctx.operations.background.delete(task));
  }
  return result;
};

/** Removes a succeeded deployment, freeing its capacity; the removal is receipted. A write, so read-only refuses it. */
export const removeDeployment = async (
  ctx: ServiceContext,
  actor: Actor & { kind: 'customer' },
  deploymentId: string,
): Promise<Deployment> => {
  const cleared = await clearOperation(ctx, actor, 'deploy', { remove: deploymentId });
  return ctx.store.transaction(async (tx) => {
    const scope = tx.forCustomer(actor.customerId);
    await scope.lock();
    const d = await scope.deployment(deploymentId);
    if (!d) throw new DomainError('TAI-DEPLOYMENT-NOT-FOUND', { detail: deploymentId });
    // Reserved and running deployments finish through their own flow first; only a succeeded one is removed.
    if (d.state !== 'succeeded')
      throw new DomainError('TAI-DEPLOYMENT-NOT-ACTIVE', { detail: `${deploymentId} is ${d.state}` });
    const { receipt } = await finishReceipt(tx, ctx, d, cleared.authorization, 'deployment_removed', {
      deploymentId,
      state: 'removed',
    });
    const next: Deployment = {
      ...d,
      state: 'removed',
      receipts: [...d.receipts, receipt.body.id],
      updatedAt: nowIso(ctx),
    };
    await scope.updateDeployment(next, d.state);
    await recordAudit(tx, ctx, {
      type: 'deploy.removed',
      actor,
      customerId: actor.customerId,
      outcome: 'success',
      details: { deploymentId, receiptId: receipt.body.id },
    });
    return next;
  });
};
