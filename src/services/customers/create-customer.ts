/** Onboarding step one: an operator creates a customer in a mode. */
import type { Customer, Mode } from '../../domain/customer/types.ts';
import { newId } from '../../domain/shared/ids.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso, type VerbArgs } from '../context.ts';
import { requireAdmin } from '../auth/require.ts';

interface CreateCustomerInput {
  readonly name: string;
  readonly contactEmail: string;
  readonly mode: Mode;
}

export const createCustomer = async ({ ctx, input }: VerbArgs<CreateCustomerInput>): Promise<Customer> => {
  await requireAdmin(ctx);
  const at = nowIso(ctx);
  const customer: Customer = {
    id: newId('cus', ctx.clock.now()),
    name: input.name.trim(),
    contactEmail: input.contactEmail.trim().toLowerCase(),
    mode: input.mode,
    createdAt: at,
    updatedAt: at,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.insertCustomer(customer);
    await recordAudit(tx, ctx, {
      type: 'onboarding.customer_created',
      actor: ctx.actor,
      customerId: customer.id,
      outcome: 'success',
      details: { mode: customer.mode },
    });
  });
  return customer;
};
