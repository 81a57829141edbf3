/**
 * Brings this instance's copy of one customer's certificate record, or of the read-only switch, up to
 * what the database holds. The version decides: a copy is only ever replaced by a newer one.
 */
import type { CustomerScope } from '../../adapters/store/interface.ts';
import type { CertificateRecord } from '../../domain/certificate/index.ts';
import type { OperatorReadOnly } from '../../domain/mode/index.ts';
import type { ServiceContext } from '../context.ts';
import { SYSTEM_READ_ONLY_SETTING } from '../lifecycle/load-lifecycle-state.ts';

/** Whether the stored record was newer than this instance's copy (and replaced it). */
export const refreshCustomer = async (
  ctx: ServiceContext,
  customerId: string,
  scope: Pick<CustomerScope, 'lifecycle'> = ctx.store.scope(customerId),
): Promise<boolean> => {
  const row = await scope.lifecycle();
  if (row === undefined) return false;
  const local = ctx.lifecycle.state.record(customerId);
  if (local !== undefined && local.version >= row.version) return false;
  ctx.lifecycle.state.remember(row.record as CertificateRecord);
  return true;
};

export const refreshOperatorSwitch = async (ctx: ServiceContext): Promise<void> => {
  const stored = await ctx.store.read((r) => r.getSetting(SYSTEM_READ_ONLY_SETTING));
  const operator = stored === undefined ? null : (JSON.parse(stored) as OperatorReadOnly);
  ctx.lifecycle.state.setOperator(operator?.enabled === true ? operator : null);
};
