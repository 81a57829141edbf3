/** A customer's insurance view, computed now from its stored record (never a stale stored state). */
import { isStoreUnavailable } from '../../adapters/store/unavailable.ts';
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

/** Where a read's record came from: the database, or this instance's copy while the database is out of reach. */
export type InsuranceSource = 'database' | 'cache';

export type InsuranceRead = LifecycleView & { readonly source: InsuranceSource };

/**
 * The view from the database; when the database cannot be reached, from this instance's in-memory copy of
 * the record (as of the last change it saw), saying so. A customer this instance holds no record of is
 * still refused (TAI-STORE-UNAVAILABLE): the copy cannot tell an unknown customer from an uncertified one.
 */
export const insuranceReadOf = async (ctx: ServiceContext, customerId: string): Promise<InsuranceRead> => {
  try {
    return { ...(await insuranceViewOf(ctx, customerId)), source: 'database' };
  } catch (e) {
    const cached = isStoreUnavailable(e) ? ctx.lifecycle.state.record(customerId) : undefined;
    if (cached === undefined) throw e;
    return { ...lifecycleView(cached, ctx.clock.now(), ctx.lifecycle.policy), source: 'cache' };
  }
};
