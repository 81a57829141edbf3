/** Audit rows as the store keeps them, read back with their details parsed. */
import type { AuditRow as StoredAuditRow } from '../../adapters/store/interface.ts';
import type { AuditOutcome, AuditRow } from '../../domain/receipts/audit-chain.ts';
import type { JsonValue } from '../../domain/shared/canonical-json.ts';

export const toAuditRow = (r: StoredAuditRow): AuditRow => ({
  ...r,
  outcome: r.outcome as AuditOutcome,
  details: JSON.parse(r.details) as { readonly [k: string]: JsonValue },
});

/** Rows per read when walking the whole chain. */
export const AUDIT_PAGE = 5000;
