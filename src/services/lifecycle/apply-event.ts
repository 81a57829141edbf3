/**
 * Runs one lifecycle event for one customer: the pure transition, then its effects, all in ONE
 * transaction under the customer lock: the record (optimistically versioned), the certificate_event
 * receipt, the audit events, the archived certificate and the notification outbox rows. Insurer
 * requests the transition asks for are returned to the caller to perform after the commit.
 */
import type { StoreTx } from '../../adapters/store/interface.ts';
import {
  lifecycleView,
  newCertificateRecord,
  transition,
  type CertificateRecord,
  type LifecycleEffect,
  type LifecycleEvent,
  type LifecycleView,
} from '../../domain/certificate/index.ts';
import type { Customer } from '../../domain/customer/types.ts';
import { effectiveMode } from '../../domain/mode/index.ts';
import { newId } from '../../domain/shared/ids.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso, type ServiceContext } from '../context.ts';
import { requireCustomer } from '../customers/require-customer.ts';
import { appendReceipt } from '../receipts/append-receipt.ts';

export const CERTIFICATE_EVENT_DISCLAIMER =
  'Record of a certificate lifecycle event; not itself a contractual operation.';

export type InsurerRequest = Extract<LifecycleEffect, { kind: 'insurer_request' }>;

export interface Applied {
  readonly record: CertificateRecord;
  readonly view: LifecycleView;
  readonly insurerRequests: readonly InsurerRequest[];
}

const OUTCOMES = { ok: 'success', failed: 'failure', ignored: 'success' } as const;

const applyEffects = async (
  tx: StoreTx,
  ctx: ServiceContext,
  customer: Customer,
  before: number,
  next: CertificateRecord,
  effects: readonly LifecycleEffect[],
): Promise<InsurerRequest[]> => {
  const scope = tx.forCustomer(customer.id);
  const at = nowIso(ctx);
  const requests: InsurerRequest[] = [];
  // Only a receipt needs the contract reference; scheduled ticks mostly write none.
  const contractReference = effects.some((fx) => fx.kind === 'receipt')
    ? ((await scope.currentContract())?.document.reference ?? null)
    : null;
  for (const fx of effects) {
    switch (fx.kind) {
      case 'persist': {
        const saved = await scope.saveLifecycle(
          { customerId: customer.id, record: next, version: next.version, wakeAt: next.wakeAt },
          before,
          at,
        );
        if (!saved) throw new Error(`lifecycle record of ${customer.id} changed underneath this transition`);
        break;
      }
      case 'receipt':
        await appendReceipt(tx, ctx, {
          customerId: customer.id,
          kind: 'certificate_event',
          mode: effectiveMode(customer.mode, ctx.lifecycle.maxMode),
          authority: 'advisory',
          request: { event: fx.receipt.event, actor: fx.receipt.actor },
          result: fx.receipt,
          contractReference,
          insurance: null,
          disclaimer: CERTIFICATE_EVENT_DISCLAIMER,
        });
        break;
      case 'audit':
        await recordAudit(tx, ctx, {
          type: `certificate.${fx.type}`,
          actor: fx.actor ?? 'system',
          customerId: fx.customerId,
          outcome: OUTCOMES[fx.outcome],
          details: fx.outcome === 'ignored' ? { ...fx.detail, ignored: true } : fx.detail,
        });
        break;
      case 'notify':
        await tx.enqueueNotification({
          id: newId('evt', ctx.clock.now()),
          type: fx.notification.type,
          customerId: fx.notification.customerId,
          dedupeKey: fx.notification.dedupeKey,
          payload: fx.notification,
          createdAt: at,
        });
        break;
      case 'archive':
        await scope.archiveCertificate(fx.certificate.certificateId, fx.certificate, fx.replacedBy, at);
        break;
      case 'insurer_request':
        requests.push(fx);
        break;
      case 'schedule':
      case 'metric':
        // The schedule travels in the record (wakeAt); metrics get a registry with the observability work.
        break;
    }
  }
  return requests;
};

/** `eventFor` sees the current record and may return null to do nothing. */
export const applyLifecycleEvent = async (
  ctx: ServiceContext,
  customerId: string,
  eventFor: (record: CertificateRecord) => LifecycleEvent | null,
): Promise<Applied> => {
  const { policy, random, state } = ctx.lifecycle;
  const applied = await ctx.store.transaction(async (tx) => {
    const { scope, customer } = await requireCustomer(tx, customerId);
    await scope.lock();
    const now = ctx.clock.now();
    const row = await scope.lifecycle();
    const record = (row?.record as CertificateRecord | undefined) ?? newCertificateRecord(customerId, now);
    const event = eventFor(record);
    if (event === null) return { record, insurerRequests: [] };
    const result = transition(record, event, now, policy, random);
    const insurerRequests = await applyEffects(tx, ctx, customer, row?.version ?? 0, result.record, result.effects);
    return { record: result.record, insurerRequests };
  });
  state.remember(applied.record);
  return { ...applied, view: lifecycleView(applied.record, ctx.clock.now(), policy) };
};
