/**
 * Customer deploy. Pre-flight as publish (the key holds deploy:write), plus the deployment rules of the
 * contract (domain/deployment): the contract named is the customer's own and in force with "deploy",
 * the target is configured here and allowed by the contract, and capacity stays within the contract's
 * limits counting the customer's other active deployments. Capacity is reserved under the customer lock,
 * so concurrent requests never double-reserve. `record` completes in the same transaction (201); any
 * other executor answers 202 with an acceptance receipt and completes in the background.
 */
import { specProblem } from '../../adapters/executor/spec.ts';
import {
  deployRefusalNotice,
  ensureContractCovers,
  transition,
  type DeploymentRequest,
  type DeploymentUsage,
  type ParameterValue,
} from '../../domain/deployment/index.ts';
import type { ContractLimits } from '../../domain/customer/types.ts';
import { DomainError, isDomainError } from '../../domain/errors/domain-error.ts';
import { receiptStamp } from '../../domain/mode/index.ts';
import type { SignedReceipt } from '../../domain/receipts/receipt-format.ts';
import { newId } from '../../domain/shared/ids.ts';
import { requireScope } from '../auth/require.ts';
import { actorName, type VerbArgs } from '../context.ts';
import { applyAfterCommit, applyInTransaction, type Applied } from '../effects/apply-effects.ts';
import { runIdempotent, type IdempotentResponse } from '../idempotency/run-idempotent.ts';
import { nextReceiptId } from '../receipts/append-receipt.ts';
import { ATTR, inSpan, spanAttributes } from '../../adapters/tracing/spans.ts';
import { traceCustomer, underSpan } from '../traced.ts';
import { countingErrors } from './count-errors.ts';
import { clearOperation, refuseCleared, type RefusalInput } from './gate.ts';
import { runInBackground, specOf } from './run-deployment.ts';
import { recheckInTransaction } from './recheck.ts';

interface DeployBody {
  readonly contractReference: string;
  readonly target: string;
  readonly capacityUnits: number;
  readonly artifact: string;
  readonly parameters?: Readonly<Record<string, ParameterValue>>;
}

interface DeployInput {
  readonly body: DeployBody;
  readonly idempotencyKey: string | undefined;
  readonly path: string;
}

interface Deployed {
  readonly deploymentId: string;
  readonly state: string;
  readonly receipt: SignedReceipt;
}

export const deployConfiguration = ({
  ctx,
  input,
}: VerbArgs<DeployInput>): Promise<{ response: IdempotentResponse; replayed: boolean }> =>
  inSpan(ctx.trace, 'deploy', undefined, (span) =>
    countingErrors(ctx, 'tai_deploy_requests_total', () => deploy({ ctx: underSpan(ctx, span), input })),
  );

const deploy = async ({
  ctx,
  input,
}: VerbArgs<DeployInput>): Promise<{ response: IdempotentResponse; replayed: boolean }> => {
  const actor = await requireScope(ctx, 'deploy:write');
  const { body } = input;
  const deploymentId = newId('dep', ctx.clock.now());
  const seen: { usage: DeploymentUsage | null; limits: ContractLimits | null } = { usage: null, limits: null };
  const notice: RefusalInput['notice'] = (code, reason) =>
    deployRefusalNotice(
      {
        id: deploymentId,
        customerId: actor.customerId,
        code,
        reason,
        target: body.target,
        artifact: body.artifact,
        requested: body.capacityUnits,
        usage: seen.usage,
        limits: seen.limits,
      },
      ctx.clock.now(),
    );
  const cleared = await clearOperation(ctx, actor, 'deploy', body, notice);
  const { customer, contract, authorization } = cleared;
  traceCustomer(ctx, customer.id, authorization);
  spanAttributes(ctx.trace, { [ATTR.deployment]: deploymentId });
  const executors = ctx.operations.executors;
  try {
    ensureContractCovers(contract?.document ?? null, body, Object.keys(executors));
  } catch (e) {
    if (isDomainError(e)) return refuseCleared(ctx, cleared, e, notice);
    throw e;
  }
  const executor = executors[body.target];
  if (contract === null || executor === undefined) throw new Error('ensureContractCovers let a deploy through');
  const request: DeploymentRequest = {
    id: deploymentId,
    customerId: customer.id,
    contractReference: contract.document.reference,
    target: body.target,
    artifact: body.artifact,
    capacityUnits: body.capacityUnits,
    parameters: body.parameters ?? {},
  };
  const problem = specProblem(specOf(request));
  if (problem) {
    return refuseCleared(
      ctx,
      cleared,
      new DomainError('TAI-DEPLOY-SPEC-INVALID', { path: problem.path, detail: problem.detail }),
    );
  }
  const stamp = receiptStamp(authorization);
  const done: { applied?: Applied; background?: boolean } = {};
  const { instance } = ctx.operations;
  const result = await runIdempotent(
    ctx,
    { customerId: customer.id, key: input.idempotencyKey, method: 'POST', path: input.path, body },
    async (tx) => {
      const scope = tx.forCustomer(customer.id);
      await scope.lock();
      await recheckInTransaction(ctx, scope, cleared);
      const usage = await scope.activeDeploymentUsage();
      seen.usage = usage;
      seen.limits = contract.document.limits;
      // record is bookkeeping only: it completes inside this transaction, with one receipt.
      const immediate =
        executor.kind === 'record' ? await executor.execute(specOf(request), new AbortController().signal) : null;
      const next = transition(
        null,
        {
          type: 'reserve',
          request,
          limits: contract.document.limits,
          usage,
          stamp,
          immediate,
          receiptId: await nextReceiptId(scope, ctx.clock),
          actor: actorName(actor),
        },
        ctx.clock.now(),
      );
      const applied = await applyInTransaction(tx, ctx, next.effects);
      done.applied = applied;
      done.background = immediate === null;
      // A background run is owned by this instance until it ends, in the transaction that reserves it.
      if (immediate === null && instance !== undefined) {
        await tx.claimWork({
          kind: 'deployment',
          workId: deploymentId,
          customerId: customer.id,
          owner: instance.id,
          fence: 1,
          host: instance.host,
          pid: null,
          pgid: null,
          claimedAt: ctx.clock.now(),
        });
      }
      const deployed: Deployed = {
        deploymentId,
        state: next.record.state,
        receipt: applied.receipts[0] as SignedReceipt,
      };
      return { statusCode: immediate === null ? 202 : 201, body: deployed };
    },
  ).catch((e: unknown) => {
    // Limits found inside the transaction are pre-flight refusals too: recorded like the others.
    if (isDomainError(e) && e.code.startsWith('TAI-DEPLOY-')) return refuseCleared(ctx, cleared, e, notice);
    throw e;
  });
  if (done.applied !== undefined) applyAfterCommit(ctx, done.applied);
  spanAttributes(ctx.trace, { [ATTR.receipt]: done.applied?.receipts[0]?.body.id });
  if (done.background === true && !result.replayed) {
    const stored = await ctx.store.read((r) => r.forCustomer(customer.id).deployment(deploymentId));
    const hold = instance === undefined ? undefined : { owner: instance.id, fence: 1 };
    if (stored !== undefined) runInBackground(ctx, stored, executor, stamp, hold);
  }
  return result;
};
