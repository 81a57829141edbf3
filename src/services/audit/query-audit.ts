/** An operator searches the audit trail: filtered, paged by sequence; customers named by id, matched by pseudonym. */
import type { AuditQuery } from '../../adapters/store/interface.ts';
import { pseudonymize, type AuditRow } from '../../domain/receipts/audit-chain.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { toAuditRow } from './audit-rows.ts';

/** The store's audit query, naming a customer by id: the pseudonym is derived here, never by the caller. */
type AuditFilter = Omit<AuditQuery, 'customerPseudonym'> & { readonly customerId?: string | undefined };

export const queryAudit = async ({
  ctx,
  input: f,
}: VerbArgs<AuditFilter>): Promise<{ items: AuditRow[]; next: number | null }> => {
  await requireAdmin(ctx);
  const rows = await ctx.store.read((r) =>
    r.auditEvents({
      ...f,
      limit: f.limit + 1,
      customerPseudonym: f.customerId === undefined ? undefined : pseudonymize(f.customerId, ctx.auditSecret),
    }),
  );
  const items = rows.slice(0, f.limit).map(toAuditRow);
  return { items, next: rows.length > f.limit ? (items.at(-1)?.seq ?? null) : null };
};
