/**
 * The write gate: may this customer perform this operation now, and with what authority. Combines the
 * customer's mode (capped by TAI_MAX_MODE), its contract, its certificate standing as of this instant and
 * the system read-only switch, through the pure mode policy. Also answers what banner a response carries.
 */
import { lifecycleView } from '../../domain/certificate/index.ts';
import type { ContractDocument, Customer } from '../../domain/customer/types.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import {
  banner,
  ensureAuthorized,
  type Authorization,
  type CertificateStanding,
  type Operation,
  type Refusal,
} from '../../domain/mode/index.ts';
import type { Result } from '../../domain/shared/result.ts';
import type { ServiceContext } from '../context.ts';

const standingOf = (ctx: ServiceContext, customerId: string, nowMs: number): CertificateStanding | null => {
  const record = ctx.lifecycle.state.record(customerId);
  if (!record) return null;
  const view = lifecycleView(record, nowMs, ctx.lifecycle.policy);
  return { certificate: view.certificate, writable: view.writable, degraded: view.degraded };
};

export const authorize = (
  ctx: ServiceContext,
  customer: Customer,
  contract: ContractDocument | null,
  operation: Operation,
): Result<Authorization, Refusal> => {
  const nowMs = ctx.clock.now();
  return ensureAuthorized({
    customerMode: customer.mode,
    maxMode: ctx.lifecycle.maxMode,
    operation,
    contract,
    certificate: standingOf(ctx, customer.id, nowMs),
    systemReadOnly: ctx.lifecycle.state.systemReadOnly(nowMs),
    nowMs,
  });
};

const refusalError = (refusal: Refusal): DomainError =>
  new DomainError(refusal.code, refusal.reason === null ? { detail: refusal.code } : { detail: refusal.reason });

/** Refuses configuration changes while the system or the customer is read-only. */
export const ensureConfigurable = (ctx: ServiceContext, customer: Customer): void => {
  const r = authorize(ctx, customer, null, 'configure');
  if (!r.ok) throw refusalError(r.error);
};

interface ReadOnlyBanner {
  readonly scope: 'system' | 'customer';
  readonly reason: string;
  readonly message: string;
}

/** The read-only banner for a response, or null when writes are accepted. */
export const readOnlyBanner = (ctx: ServiceContext, customerId: string | null): ReadOnlyBanner | null => {
  const nowMs = ctx.clock.now();
  const system = ctx.lifecycle.state.systemReadOnly(nowMs);
  if (system !== null) {
    const reason = system.cause === 'operator' ? system.reason : 'insurer_unreachable';
    return { scope: 'system', reason, message: banner({ readOnly: 'system', reason }) };
  }
  if (customerId === null) return null;
  const standing = standingOf(ctx, customerId, nowMs);
  if (standing === null || standing.writable.ok || !standing.degraded) return null;
  const reason = standing.writable.reason;
  return { scope: 'customer', reason, message: banner({ readOnly: 'customer', reason }) };
};
