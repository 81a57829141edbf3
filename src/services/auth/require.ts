/**
 * Authorization inside the verbs: each verb names who may call it, from the actor in its context, so
 * every edge (HTTP, CLI) gets the same rules. A refusal is audited before it is thrown.
 */
import { grants, type Scope } from '../../domain/customer/types.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { recordAuditAlone } from '../audit/record-audit.ts';
import type { CustomerActor, ServiceContext } from '../context.ts';

const refuse = async (ctx: ServiceContext, error: DomainError): Promise<never> => {
  await recordAuditAlone(ctx, {
    type: 'auth.failure',
    actor: ctx.actor,
    customerId: ctx.actor.kind === 'customer' ? ctx.actor.customerId : null,
    outcome: 'denied',
    details: { code: error.code },
  });
  throw error;
};

const unauthenticated = (ctx: ServiceContext): Promise<never> =>
  refuse(ctx, new DomainError('TAI-AUTH-MISSING', { detail: 'no credentials on a protected operation' }));

/** The operator: the admin token, the CLI, or the service itself. */
export const requireAdmin = async (ctx: ServiceContext): Promise<void> => {
  const { actor } = ctx;
  if (actor.kind === 'admin' || actor.kind === 'system') return;
  if (actor.kind === 'anonymous') return unauthenticated(ctx);
  return refuse(
    ctx,
    new DomainError('TAI-AUTH-FORBIDDEN', { detail: `customer key ${actor.keyId} on an admin operation` }),
  );
};

/** A customer key holding `scope` (or a scope implying it); returns that customer. */
export const requireScope = async (ctx: ServiceContext, scope: Scope): Promise<CustomerActor> => {
  const { actor } = ctx;
  if (actor.kind === 'customer') {
    if (grants(actor.scopes, scope)) return actor;
    return refuse(
      ctx,
      new DomainError('TAI-AUTH-SCOPE', {
        message: `This API key lacks the ${scope} scope.`,
        detail: `key ${actor.keyId}`,
      }),
    );
  }
  if (actor.kind === 'anonymous') return unauthenticated(ctx);
  return refuse(ctx, new DomainError('TAI-AUTH-FORBIDDEN', { detail: `${actor.kind} on a customer operation` }));
};
