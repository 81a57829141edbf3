/** Records a customer's contract with its signature record; the service adds the document's digest. */
import { contractDigest, validateContract } from '../../domain/customer/contract.ts';
import type { Contract, ContractDocument } from '../../domain/customer/types.ts';
import { newId } from '../../domain/shared/ids.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso, type VerbArgs } from '../context.ts';
import { requireCustomer } from '../customers/require-customer.ts';
import { ensureConfigurable } from '../lifecycle/authorize.ts';
import { isKnownCurrency } from '../pricing/currency.ts';
import { requireAdmin } from '../auth/require.ts';

interface RecordContractInput {
  readonly customerId: string;
  readonly document: ContractDocument;
  readonly signature: { readonly signedBy: string; readonly signedAt: string };
}

export const recordContract = async ({ ctx, input }: VerbArgs<RecordContractInput>): Promise<Contract> => {
  await requireAdmin(ctx);
  validateContract(input.document, isKnownCurrency);
  const contract: Contract = {
    id: newId('ctr', ctx.clock.now()),
    customerId: input.customerId,
    document: input.document,
    signature: { ...input.signature, documentSha256: contractDigest(input.document) },
    recordedAt: nowIso(ctx),
  };
  await ctx.store.transaction(async (tx) => {
    const { scope, customer } = await requireCustomer(tx, input.customerId);
    ensureConfigurable(ctx, customer);
    await scope.insertContract(contract);
    await recordAudit(tx, ctx, {
      type: 'onboarding.contract_recorded',
      actor: ctx.actor,
      customerId: input.customerId,
      outcome: 'success',
      details: {
        contractId: contract.id,
        reference: contract.document.reference,
        documentSha256: contract.signature.documentSha256,
      },
    });
  });
  return contract;
};
