/** An operator moves a customer between eval, pilot and prod; the change and its receipt commit together. */
import type { Customer, Mode } from '../../domain/customer/types.ts';
import type { SignedReceipt } from '../../domain/receipts/receipt-format.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso, type VerbArgs } from '../context.ts';
import { appendReceipt } from '../receipts/append-receipt.ts';
import { requireCustomer } from './require-customer.ts';
import { requireAdmin } from '../auth/require.ts';

const MODE_CHANGE_DISCLAIMER = 'Administrative record of a mode change; it is not itself a contractual operation.';

export const changeMode = async ({
  ctx,
  input,
}: VerbArgs<{ customerId: string; mode: Mode; reason: string }>): Promise<{
  customer: Customer;
  receipt: SignedReceipt;
}> => {
  await requireAdmin(ctx);
  return ctx.store.transaction(async (tx) => {
    const { scope, customer } = await requireCustomer(tx, input.customerId);
    const at = nowIso(ctx);
    await scope.setMode(input.mode, at);
    const contract = await scope.currentContract();
    const { receipt } = await appendReceipt(tx, ctx, {
      customerId: customer.id,
      kind: 'mode_change',
      mode: input.mode,
      authority: 'advisory',
      request: { mode: input.mode, reason: input.reason },
      result: { from: customer.mode, to: input.mode },
      contractReference: contract?.document.reference ?? null,
      insurance: null,
      disclaimer: MODE_CHANGE_DISCLAIMER,
    });
    await recordAudit(tx, ctx, {
      type: 'mode.changed',
      actor: ctx.actor,
      customerId: customer.id,
      outcome: 'success',
      details: { from: customer.mode, to: input.mode, receiptId: receipt.body.id },
    });
    return { customer: { ...customer, mode: input.mode, updatedAt: at }, receipt };
  });
};
