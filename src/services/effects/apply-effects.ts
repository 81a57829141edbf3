/**
 * The one effects applier. Inside the caller's transaction it applies persist, receipt, audit and notify
 * effects (so they commit together with the change, or not at all); after the commit it records metrics
 * and writes log lines; schedule and insurer_request effects go back to the caller. Every producer's
 * effects come through here: the certificate lifecycle, deployments, publish, refusals.
 */
import type { StoreTx } from '../../adapters/store/interface.ts';
import type { Customer } from '../../domain/customer/types.ts';
import type { Effect, EffectOf, PersistEffect, ReceiptDraft, ReceiptStamp } from '../../domain/effects/types.ts';
import { effectiveMode } from '../../domain/mode/index.ts';
import type { SignedReceipt } from '../../domain/receipts/receipt-format.ts';
import { newId } from '../../domain/shared/ids.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso, type ServiceContext } from '../context.ts';
import { appendReceipt, type ReceiptRequest } from '../receipts/append-receipt.ts';

/** Effects that run after the commit or belong to the caller. */
export type LaterEffect = EffectOf<'metric' | 'log' | 'schedule' | 'insurer_request'>;

export interface Applied {
  /** The receipts appended, in effect order. */
  readonly receipts: readonly SignedReceipt[];
  /** For applyAfterCommit (metrics, logs) and for the caller (schedule, insurer requests). */
  readonly later: readonly LaterEffect[];
}

const changed =
  (what: string) =>
  (ok: boolean): void => {
    if (!ok) throw new Error(what);
  };

/** Persists one record; plain promises, not async functions: this runs for every write. */
const persist = (tx: StoreTx, fx: PersistEffect, at: string): Promise<void> => {
  switch (fx.entity) {
    case 'certificate': {
      const { record } = fx;
      const row = { customerId: record.customerId, record, version: record.version, wakeAt: record.wakeAt };
      return tx
        .forCustomer(record.customerId)
        .saveLifecycle(row, fx.expectedVersion, at)
        .then(changed(`lifecycle record of ${record.customerId} changed underneath this transition`));
    }
    case 'certificate_archive':
      return tx
        .forCustomer(fx.customerId)
        .archiveCertificate(fx.certificate.certificateId, fx.certificate, fx.replacedBy, at);
    case 'deployment': {
      const scope = tx.forCustomer(fx.record.customerId);
      if (fx.from === null) return scope.insertDeployment(fx.record, fx.usage);
      return scope
        .updateDeployment(fx.record, fx.from, fx.usage)
        .then(changed(`deployment ${fx.record.id} left ${fx.from} underneath`));
    }
    case 'listing':
      return tx.forCustomer(fx.record.customerId).insertListing(fx.record);
    case 'pricing_freeze':
      return tx.forCustomer(fx.customerId).freezePricingVersion(fx.version, at);
  }
};

/** Receipts that name no stamp are advisory records stamped with the customer's mode and contract. */
const unstamped = async (tx: StoreTx, ctx: ServiceContext, draft: ReceiptDraft): Promise<ReceiptRequest> => {
  const scope = tx.forCustomer(draft.customerId);
  const customer: Customer | undefined = await scope.get();
  if (customer === undefined) throw new Error(`receipt for unknown customer ${draft.customerId}`);
  return {
    id: draft.id,
    customerId: draft.customerId,
    kind: draft.kind,
    request: draft.request,
    result: draft.result,
    mode: effectiveMode(customer.mode, ctx.lifecycle.maxMode),
    authority: 'advisory',
    contractReference: (await scope.currentContract())?.document.reference ?? null,
    insurance: null,
    disclaimer: draft.disclaimer ?? null,
  };
};

const stamped = (draft: ReceiptDraft, stamp: ReceiptStamp): ReceiptRequest => ({
  id: draft.id,
  customerId: draft.customerId,
  kind: draft.kind,
  request: draft.request,
  result: draft.result,
  mode: stamp.mode,
  authority: stamp.authority,
  contractReference: stamp.contractReference,
  insurance: stamp.insurance,
  disclaimer: stamp.disclaimer,
});

export const applyInTransaction = async (
  tx: StoreTx,
  ctx: ServiceContext,
  effects: readonly Effect[],
): Promise<Applied> => {
  const at = nowIso(ctx);
  const receipts: SignedReceipt[] = [];
  const later: LaterEffect[] = [];
  for (const fx of effects) {
    switch (fx.kind) {
      case 'persist':
        await persist(tx, fx, at);
        break;
      case 'receipt':
        {
          const draft = fx.receipt;
          const request = draft.stamp === null ? await unstamped(tx, ctx, draft) : stamped(draft, draft.stamp);
          receipts.push((await appendReceipt(tx, ctx, request)).receipt);
        }
        break;
      case 'audit':
        try {
          await recordAudit(tx, ctx, fx);
        } catch (e) {
          ctx.metrics.inc('tai_audit_write_failures_total');
          throw e;
        }
        break;
      case 'notify':
        if (await ctx.notifier.enqueue(tx, { ...fx.notification, id: newId('ntf', ctx.clock.now()) }))
          later.push({
            kind: 'metric',
            op: 'inc',
            name: 'tai_notifications_enqueued_total',
            labels: { type: fx.notification.type },
            value: 1,
          });
        break;
      case 'metric':
      case 'log':
      case 'schedule':
      case 'insurer_request':
        later.push(fx);
        break;
    }
  }
  if (receipts.length > 0)
    later.push({ kind: 'metric', op: 'inc', name: 'tai_receipts_appended_total', labels: {}, value: receipts.length });
  return { receipts, later };
};

/** Metrics and log lines, once the transaction that produced them has committed. */
export const applyAfterCommit = (ctx: ServiceContext, applied: Pick<Applied, 'later'>): void => {
  let enqueued = false;
  for (const fx of applied.later) {
    if (fx.kind === 'metric') {
      // The notify case above counts each notification it enqueued: delivery is woken once for them.
      if (fx.name === 'tai_notifications_enqueued_total') enqueued = true;
      if (fx.op === 'inc') ctx.metrics.inc(fx.name, fx.labels, fx.value);
      else if (fx.op === 'set') ctx.metrics.set(fx.name, fx.value, fx.labels);
      else ctx.metrics.observe(fx.name, fx.value, fx.labels);
    } else if (fx.kind === 'log') {
      ctx.logger[fx.level](fx.fields, fx.msg);
    }
  }
  if (enqueued) ctx.notifier.committed();
};

/** One transaction for `effects` alone, then their after-commit part. */
export const commitEffects = async (ctx: ServiceContext, effects: readonly Effect[]): Promise<Applied> => {
  const applied = await ctx.store.transaction((tx) => applyInTransaction(tx, ctx, effects));
  applyAfterCommit(ctx, applied);
  return applied;
};
