/**
 * An operator decides an orphaned deployment's outcome (admin). Orphaned: it awaits an operator
 * (TAI_ORPHANED_DEPLOYMENTS=operator), or nothing live holds it (no owner, or an owner gone or past its
 * lease); one a live instance runs is refused. In three steps, each deployment change under the
 * customer's lock through the pure machine:
 * 1. its ownership is taken over (next fence: a stale owner can write nothing after) and it is marked as
 *    awaiting an operator if it was not, so a failure past this point leaves it resolvable again;
 * 2. on this host, a command that may still run is stopped and its working directories removed;
 * 3. the outcome is recorded: `rolled_back` is the machine's `abandon` (receipt, notification, capacity
 *    released), `succeeded` its `finish` with a success outcome and the operator's note, the authority
 *    checked as for any completion (lost meanwhile, it is recorded rolled back). Audited with the note.
 */
import type { WorkHold } from '../../adapters/store/interface.ts';
import { transition, type Deployment, type DeploymentEvent } from '../../domain/deployment/index.ts';
import type { Effect } from '../../domain/effects/types.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { onThisHost, orphanVerdict, takeoverEffects } from '../../domain/instance/ownership.ts';
import type { SignedReceipt } from '../../domain/receipts/receipt-format.ts';
import { requireAdmin } from '../auth/require.ts';
import { actorName, type ServiceContext, type VerbArgs } from '../context.ts';
import { applyAfterCommit, applyInTransaction } from '../effects/apply-effects.ts';
import { ensureHeld } from '../instances/fence.ts';
import type { InstanceIdentity } from '../instances/identity.ts';
import { actOnHost } from '../instances/on-host.ts';
import { nextReceiptId } from '../receipts/append-receipt.ts';
import { authorityNow } from './run-deployment.ts';

type Resolution = 'rolled_back' | 'succeeded';

interface ResolveInput {
  readonly deploymentId: string;
  readonly outcome: Resolution;
  readonly note: string;
}

interface Taken {
  readonly customerId: string;
  readonly hold: WorkHold | null;
  readonly host: string | null;
  readonly pid: number | null;
  readonly pgid: number | null;
}

const notActive = (d: Deployment, why: string) =>
  new DomainError('TAI-DEPLOYMENT-NOT-ACTIVE', { detail: `${d.id} is ${d.state}: ${why}` });

/** Step 1: refuse what may not be resolved; take the ownership over and mark it as awaiting an operator. */
const takeOver = async (ctx: ServiceContext, input: ResolveInput, me: InstanceIdentity): Promise<Taken> => {
  const found = await ctx.store.read((r) => r.deploymentAcross(input.deploymentId));
  if (found === undefined) throw new DomainError('TAI-DEPLOYMENT-NOT-FOUND', { detail: input.deploymentId });
  const actor = actorName(ctx.actor);
  const done = await ctx.store.transaction(async (tx) => {
    const scope = tx.forCustomer(found.customerId);
    await scope.lock();
    const d = await scope.deployment(found.id);
    if (d === undefined) throw new DomainError('TAI-DEPLOYMENT-NOT-FOUND', { detail: found.id });
    const work = await tx.ownedWork('deployment', d.id);
    const owner = work === undefined ? undefined : await tx.instance(work.owner);
    const verdict = orphanVerdict(d, work, owner, await tx.databaseNow());
    if (verdict === 'ended') throw notActive(d, 'it has ended; there is nothing to resolve');
    if (verdict === 'live') {
      throw new DomainError('TAI-DEPLOYMENT-NOT-ORPHANED', {
        detail: `${d.id} is ${d.state}, owned by live instance ${work?.owner ?? '?'}`,
      });
    }
    if (input.outcome === 'succeeded' && d.state !== 'running')
      throw notActive(d, 'its command never started, so it cannot have succeeded; resolve it as rolled_back');
    const effects: Effect[] = [];
    let hold: WorkHold | null = null;
    if (work !== undefined) {
      if (!(await tx.takeOverWork('deployment', d.id, { owner: work.owner, fence: work.fence }, me.id)))
        throw new DomainError('TAI-DEPLOYMENT-NOT-ORPHANED', { detail: `${d.id} changed hands meanwhile` });
      hold = { owner: me.id, fence: work.fence + 1 };
      if (verdict === 'orphaned') {
        const details = { fence: hold.fence, state: d.state, resolvedBy: actor };
        effects.push(
          ...takeoverEffects({
            kind: 'deployment',
            id: d.id,
            customerId: d.customerId,
            from: work.owner,
            by: me.id,
            details,
          }),
        );
      }
    }
    if (d.orphanedAt === null) {
      const details = { takenOverFrom: work?.owner ?? 'nobody', by: actor };
      effects.push(...transition(d, { type: 'orphan', actor, details }, ctx.clock.now()).effects);
    }
    const applied = await applyInTransaction(tx, ctx, effects);
    const taken: Taken = {
      customerId: d.customerId,
      hold,
      host: work?.host ?? null,
      pid: work?.pid ?? null,
      pgid: work?.pgid ?? null,
    };
    return { ...applied, taken };
  });
  applyAfterCommit(ctx, done);
  return done.taken;
};

export const resolveDeployment = async ({
  ctx,
  input,
}: VerbArgs<ResolveInput>): Promise<{ deployment: Deployment; receipt: SignedReceipt }> => {
  await requireAdmin(ctx);
  const me = ctx.operations.instance;
  if (me === undefined) throw new Error('resolving a deployment needs this process to be a service instance');
  const taken = await takeOver(ctx, input, me);
  // Step 2, outside any transaction: this machine's business. With no owner recorded, its host is unknown:
  // only directories named for it here are removed.
  const work = { workId: input.deploymentId, host: taken.host ?? me.host, pid: taken.pid, pgid: taken.pgid };
  const onHost = await actOnHost(onThisHost(work, me, true), input.deploymentId, me);
  const actor = actorName(ctx.actor);
  const current = await ctx.store.read((r) => r.forCustomer(taken.customerId).deployment(input.deploymentId));
  const authority = current === undefined ? null : await authorityNow(ctx, current);
  // Step 3.
  const done = await ctx.store.transaction(async (tx) => {
    const scope = tx.forCustomer(taken.customerId);
    await scope.lock();
    if (taken.hold !== null) await ensureHeld(tx, 'deployment', input.deploymentId, taken.hold);
    const d = await scope.deployment(input.deploymentId);
    if (d === undefined || authority === null)
      throw new DomainError('TAI-DEPLOYMENT-NOT-FOUND', { detail: input.deploymentId });
    const receiptId = await nextReceiptId(scope, ctx.clock);
    const event: DeploymentEvent =
      input.outcome === 'rolled_back'
        ? { type: 'abandon', receiptId, actor, note: input.note, details: { resolvedBy: actor } }
        : {
            type: 'finish',
            outcome: { status: 'succeeded', output: '', truncated: false, durationMs: 0 },
            stamp: authority.stamp,
            authorityHeld: authority.held,
            receiptId,
            actor,
            note: input.note,
          };
    const next = transition(d, event, ctx.clock.now());
    const resolved: Effect = {
      kind: 'audit',
      type: 'deploy.resolved',
      actor,
      customerId: d.customerId,
      outcome: 'success',
      details: {
        deploymentId: d.id,
        requested: input.outcome,
        state: next.record.state,
        receiptId,
        note: input.note,
        ...onHost,
      },
    };
    const applied = await applyInTransaction(tx, ctx, [...next.effects, resolved]);
    if (taken.hold !== null) await tx.finishWork('deployment', d.id, taken.hold);
    return { ...applied, record: next.record };
  });
  applyAfterCommit(ctx, done);
  const receipt = done.receipts[0];
  if (receipt === undefined) throw new Error('a resolution records no receipt');
  return { deployment: done.record, receipt };
};
