/**
 * Appends an event to the global audit chain inside the caller's transaction, so the event and the
 * change it describes commit together or not at all (fail closed). Customers appear only as keyed
 * pseudonyms; actors are key ids, `admin` or `system`, never secrets.
 */
import type { StoreTx } from '../../adapters/store/interface.ts';
import { AUDIT_GENESIS, chainAuditEvent, pseudonymize, type AuditOutcome } from '../../domain/receipts/audit-chain.ts';
import type { JsonValue } from '../../domain/shared/canonical-json.ts';
import { canonicalize } from '../../domain/shared/canonical-json.ts';
import { memoized } from '../../domain/shared/memo.ts';
import { actorName, type Actor, type ServiceContext } from '../context.ts';

interface AuditEntry {
  readonly type: string;
  /** An authenticated actor, or a name: `system`, `anonymous`, an operator's name. */
  readonly actor: Actor | string;
  readonly customerId: string | null;
  readonly outcome: AuditOutcome;
  readonly details?: { readonly [k: string]: JsonValue };
}

const nameOf = (actor: AuditEntry['actor']): string => (typeof actor === 'string' ? actor : actorName(actor));

/** Pseudonyms by customer id, per service secret: an HMAC per audited write was a measurable share of a publish. */
const pseudonyms = new WeakMap<Uint8Array, (customerId: string) => string>();
const pseudonymOf = (customerId: string, secret: Uint8Array): string => {
  let of = pseudonyms.get(secret);
  if (of === undefined) {
    of = memoized(10_000, (id) => pseudonymize(id, secret));
    pseudonyms.set(secret, of);
  }
  return of(customerId);
};

export const recordAudit = async (
  tx: Pick<StoreTx, 'lockAudit' | 'auditHead' | 'appendAudit'>,
  ctx: Pick<ServiceContext, 'clock' | 'auditSecret'>,
  entry: AuditEntry,
): Promise<void> => {
  await tx.lockAudit();
  const head = (await tx.auditHead()) ?? AUDIT_GENESIS;
  const row = chainAuditEvent(head, {
    nowMs: ctx.clock.now(),
    type: entry.type,
    actor: nameOf(entry.actor),
    customerPseudonym: entry.customerId === null ? null : pseudonymOf(entry.customerId, ctx.auditSecret),
    outcome: entry.outcome,
    details: entry.details ?? {},
  });
  await tx.appendAudit({ ...row, details: canonicalize(row.details) });
};

/** For events outside any other change (authentication failures): a transaction of their own. */
export const recordAuditAlone = (ctx: ServiceContext, entry: AuditEntry): Promise<void> =>
  ctx.store.transaction((tx) => recordAudit(tx, ctx, entry));
