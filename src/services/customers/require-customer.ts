/** Inside a transaction: the customer's scope, or TAI-CUSTOMER-NOT-FOUND. */
import type { CustomerScopeWriter, StoreTx } from '../../adapters/store/interface.ts';
import type { Customer } from '../../domain/customer/types.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';

export const requireCustomer = async (
  tx: StoreTx,
  customerId: string,
): Promise<{ scope: CustomerScopeWriter; customer: Customer }> => {
  const scope = tx.forCustomer(customerId);
  const customer = await scope.get();
  if (!customer) throw new DomainError('TAI-CUSTOMER-NOT-FOUND', { detail: customerId });
  return { scope, customer };
};
