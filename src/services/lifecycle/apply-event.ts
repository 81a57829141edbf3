/**
 * Runs one lifecycle event for one customer: the pure transition, then its effects through the one
 * applier, all in ONE transaction under the customer lock: the record (optimistically versioned), the
 * certificate_event receipt, the audit events, the archived certificate and the notifications. Insurer
 * requests the transition asks for are returned to the caller to perform after the commit.
 */
import {
  lifecycleView,
  newCertificateRecord,
  transition,
  type CertificateRecord,
  type LifecycleEvent,
  type LifecycleView,
} from '../../domain/certificate/index.ts';
import type { EffectOf } from '../../domain/effects/types.ts';
import type { ServiceContext } from '../context.ts';
import { requireCustomer } from '../customers/require-customer.ts';
import { applyAfterCommit, applyInTransaction } from '../effects/apply-effects.ts';

export type InsurerRequest = EffectOf<'insurer_request'>;

export interface AppliedEvent {
  readonly record: CertificateRecord;
  readonly view: LifecycleView;
  readonly insurerRequests: readonly InsurerRequest[];
}

/** `eventFor` sees the current record and may return null to do nothing. */
export const applyLifecycleEvent = async (
  ctx: ServiceContext,
  customerId: string,
  eventFor: (record: CertificateRecord) => LifecycleEvent | null,
): Promise<AppliedEvent> => {
  const { policy, random, state } = ctx.lifecycle;
  const done = await ctx.store.transaction(async (tx) => {
    const { scope } = await requireCustomer(tx, customerId);
    await scope.lock();
    const now = ctx.clock.now();
    const row = await scope.lifecycle();
    const record = (row?.record as CertificateRecord | undefined) ?? newCertificateRecord(customerId, now);
    const event = eventFor(record);
    if (event === null) return { record, later: [] };
    const result = transition(record, event, now, policy, random);
    const applied = await applyInTransaction(tx, ctx, result.effects);
    return { record: result.record, later: applied.later };
  });
  applyAfterCommit(ctx, done);
  state.remember(done.record);
  const insurerRequests = done.later.filter((fx): fx is InsurerRequest => fx.kind === 'insurer_request');
  return { record: done.record, insurerRequests, view: lifecycleView(done.record, ctx.clock.now(), policy) };
};
