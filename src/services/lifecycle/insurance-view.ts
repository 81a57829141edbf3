/** A customer's insurance view, computed now from its stored record (never a stale stored state). */
import {
  lifecycleView,
  newCertificateRecord,
  type CertificateRecord,
  type LifecycleView,
} from '../../domain/certificate/index.ts';
import type { ServiceContext } from '../context.ts';
import { findCustomer } from '../customers/find-customer.ts';

export const insuranceViewOf = async (ctx: ServiceContext, customerId: string): Promise<LifecycleView> => {
  await findCustomer(ctx, customerId);
  const now = ctx.clock.now();
  const row = await ctx.store.read((r) => r.forCustomer(customerId).lifecycle());
  const record = (row?.record as CertificateRecord | undefined) ?? newCertificateRecord(customerId, now);
  return lifecycleView(record, now, ctx.lifecycle.policy);
};
