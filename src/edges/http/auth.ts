/** Route guards: admin token for /v1/admin/*, a customer key with a scope for customer routes. Refusals are audited. */
import type { FastifyRequest } from 'fastify';
import type { Scope } from '../../domain/customer/types.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { recordAuditAlone } from '../../services/audit/record-audit.ts';
import { authenticate, type AuthDeps } from '../../services/auth/authenticate.ts';
import type { Actor } from '../../services/context.ts';

export type CustomerActor = Extract<Actor, { kind: 'customer' }>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** Authenticates and checks the actor, recording every refusal in the audit trail before it is answered. */
const authenticated = async (
  deps: AuthDeps,
  request: FastifyRequest,
  check: (actor: Actor) => void,
): Promise<Actor> => {
  try {
    const actor = await authenticate(deps, request.headers.authorization);
    check(actor);
    return actor;
  } catch (e) {
    if (e instanceof DomainError) {
      await recordAuditAlone(deps.ctx, {
        type: 'auth.failure',
        actor: 'anonymous',
        customerId: null,
        outcome: 'denied',
        details: { code: e.code, method: request.method, route: request.routeOptions.url ?? '' },
      });
    }
    throw e;
  }
};

export const requireAdmin =
  (deps: AuthDeps) =>
  async (request: FastifyRequest): Promise<void> => {
    request.actor = await authenticated(deps, request, (actor) => {
      if (actor.kind !== 'admin') {
        throw new DomainError('TAI-AUTH-FORBIDDEN', { detail: `customer key ${actor.keyId} on admin route` });
      }
    });
  };

/** `scope` undefined: any valid key of the customer will do (e.g. GET /v1/me). */
export const requireCustomer =
  (deps: AuthDeps, scope?: Scope) =>
  async (request: FastifyRequest): Promise<void> => {
    request.actor = await authenticated(deps, request, (actor) => {
      if (actor.kind !== 'customer')
        throw new DomainError('TAI-AUTH-FORBIDDEN', { detail: 'admin token on a customer route' });
      if (scope !== undefined && !actor.scopes.includes(scope)) {
        throw new DomainError('TAI-AUTH-SCOPE', {
          message: `This API key lacks the ${scope} scope.`,
          detail: `key ${actor.keyId}`,
        });
      }
    });
  };

export const customerOf = (request: FastifyRequest): CustomerActor => {
  const actor = request.actor;
  if (actor?.kind !== 'customer') throw new Error('customerOf called on a route without requireCustomer');
  return actor;
};
