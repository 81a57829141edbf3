/**
 * The write gate again, inside the operation's transaction and under the customer lock: with several
 * instances, this one's copy of the certificate record may be a moment old (another instance just saw a
 * revocation). The stored record is read; when it is newer than the copy the gate used, the copy is
 * replaced and the operation authorized again, so no instance acts on a stale "active". A single
 * instance's copy is always current, so it skips the read.
 */
import type { CustomerScope } from '../../adapters/store/interface.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { ServiceContext } from '../context.ts';
import { refreshCustomer } from '../fleet/refresh.ts';
import { authorize } from '../lifecycle/authorize.ts';
import type { Cleared } from './gate.ts';

export const recheckInTransaction = async (
  ctx: ServiceContext,
  scope: Pick<CustomerScope, 'lifecycle'>,
  cleared: Cleared,
): Promise<void> => {
  if (ctx.fleet?.shared !== true) return;
  if (!(await refreshCustomer(ctx, cleared.customer.id, scope))) return;
  const again = authorize(ctx, cleared.customer, cleared.contract?.document ?? null, cleared.operation);
  if (!again.ok) throw new DomainError(again.error.code, { detail: again.error.reason ?? again.error.code });
  // Cleared as contractual, now only advisory: the certificate stopped backing it (the customer is read-only).
  if (again.value.authority !== cleared.authorization.authority)
    throw new DomainError('TAI-READONLY-CUSTOMER', { detail: 'the certificate changed while the operation ran' });
};
