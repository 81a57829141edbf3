/**
 * In-flight deployments as a background deploy leaves them, without running anything: reserved (and
 * started, for `running`) through the real deployment machine in one transaction, owned by `owner` the
 * way deploy-configuration claims them. Who the owner is (gone, lapsed, live) is the test's choice.
 */
import type { Store } from '../../src/adapters/store/interface.ts';
import { transition } from '../../src/domain/deployment/index.ts';
import { receiptStamp } from '../../src/domain/mode/index.ts';
import { newId } from '../../src/domain/shared/ids.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { applyAfterCommit, applyInTransaction } from '../../src/services/effects/apply-effects.ts';
import { authorize } from '../../src/services/lifecycle/authorize.ts';
import { nextReceiptId } from '../../src/services/receipts/append-receipt.ts';

interface SeedOptions {
  readonly owner: string;
  readonly host: string;
  readonly state: 'reserved' | 'running';
  readonly capacityUnits?: number;
  /** The process group running it, as the executor records it. */
  readonly pid?: number;
  /** Already left for an operator by a recovery pass. */
  readonly awaiting?: boolean;
  /** The id it gets (`dep_...`); a fresh one by default. */
  readonly id?: string;
}

export const seedInFlight = async (ctx: ServiceContext, customerId: string, o: SeedOptions): Promise<string> => {
  const id = o.id ?? newId('dep', ctx.clock.now());
  const done = await ctx.store.transaction(async (tx) => {
    const scope = tx.forCustomer(customerId);
    await scope.lock();
    const customer = await scope.get();
    const contract = await scope.currentContract();
    if (customer === undefined || contract === undefined) throw new Error(`${customerId} has no contract`);
    const authorization = authorize(ctx, customer, contract.document, 'deploy');
    if (!authorization.ok) throw new Error(`${customerId} may not deploy: ${authorization.error.code}`);
    const reserved = transition(
      null,
      {
        type: 'reserve',
        request: {
          id,
          customerId,
          contractReference: contract.document.reference,
          target: 'command',
          artifact: 'registry.example/app:1.0',
          capacityUnits: o.capacityUnits ?? 10,
          parameters: {},
        },
        limits: contract.document.limits,
        usage: await scope.activeDeploymentUsage(),
        stamp: receiptStamp(authorization.value),
        immediate: null,
        receiptId: await nextReceiptId(scope, ctx.clock),
        actor: 'seed',
      },
      ctx.clock.now(),
    );
    const steps = [reserved];
    const last = () => steps[steps.length - 1]?.record ?? reserved.record;
    if (o.state === 'running') steps.push(transition(last(), { type: 'start' }, ctx.clock.now()));
    if (o.awaiting === true)
      steps.push(transition(last(), { type: 'orphan', actor: 'system', details: {} }, ctx.clock.now()));
    const applied = await applyInTransaction(
      tx,
      ctx,
      steps.flatMap((s) => s.effects),
    );
    await tx.claimWork({
      kind: 'deployment',
      workId: id,
      customerId,
      owner: o.owner,
      fence: 1,
      host: o.host,
      pid: o.pid ?? null,
      pgid: o.pid ?? null,
      claimedAt: ctx.clock.now(),
    });
    return applied;
  });
  applyAfterCommit(ctx, done);
  return id;
};

/** Registers an instance row that looks live but whose lease ended `agoMs` ago (database time). */
export const lapsedInstance = async (store: Store, id: string, host: string, agoMs: number): Promise<void> => {
  await store.transaction(async (tx) => {
    const now = await tx.databaseNow();
    await tx.registerInstance({
      id,
      host,
      pid: 1,
      startedAt: now - agoMs - 60_000,
      heartbeatAt: now - agoMs - 20_000,
      leaseExpiresAt: now - agoMs,
    });
  });
};
