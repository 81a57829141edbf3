/**
 * Authentication at the edge: a bearer token, when present, becomes the request's actor (the admin or a
 * customer key); without one the actor is anonymous. Whether that actor may call an operation is the
 * verb's decision (services/auth/require.ts), so every edge enforces the same rules. A token that does
 * not authenticate is refused here, and audited.
 */
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { recordAuditAlone } from '../../services/audit/record-audit.ts';
import { authenticate, type AuthDeps } from '../../services/auth/authenticate.ts';
import { asActor, type ServiceContext } from '../../services/context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The service's ports acting as this request's actor. */
    ctx: ServiceContext;
  }
}

export const authenticateRequest =
  (deps: AuthDeps) =>
  async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    if (header === undefined) {
      request.ctx = asActor(deps.ctx, { kind: 'anonymous' });
      return;
    }
    try {
      request.ctx = asActor(deps.ctx, await authenticate(deps, header));
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
