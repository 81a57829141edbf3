/**
 * Authentication at the edge: a bearer token, when present, becomes the request's actor (the admin or a
 * customer key); without one the actor is anonymous. Whether that actor may call an operation is the
 * verb's decision (services/auth/require.ts), so every edge enforces the same rules. A token that does
 * not authenticate is refused here. Failures are counted per source address and per key id: past the
 * burst the caller gets 429 TAI-AUTH-THROTTLED with Retry-After, and the audit trail gets a few events
 * per source and window (with counts), not one per attempt.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { isoOf } from '../../domain/shared/clock.ts';
import { recordAuditAlone } from '../../services/audit/record-audit.ts';
import { authenticate, type AuthDeps } from '../../services/auth/authenticate.ts';
import type { AuthFailureThrottle } from '../../services/auth/failure-throttle.ts';
import { parseApiKeyToken } from '../../services/auth/secrets.ts';
import { asActor, type ServiceContext } from '../../services/context.ts';
import { requestContext } from './telemetry.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The service's ports acting as this request's actor. */
    ctx: ServiceContext;
  }
}

const keyIdOf = (header: string): string | undefined =>
  parseApiKeyToken(/^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? '')?.keyId;

export const authenticateRequest =
  (deps: AuthDeps, throttle: AuthFailureThrottle) =>
  async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    if (header === undefined || request.routeOptions.config.ownAuth === true) {
      request.ctx = requestContext(request, asActor(deps.ctx, { kind: 'anonymous' }));
      return;
    }
    const source = `ip:${request.ip}`;
    const keyId = keyIdOf(header);
    const others = keyId === undefined ? [] : [`key:${keyId}`];
    const now = deps.ctx.clock.now();
    const wait = throttle.blockedFor([source, ...others], now);
    if (wait !== null) {
      throttle.noteRefused(source, now);
      void reply.header('retry-after', String(Math.ceil(wait / 1000)));
      throw new DomainError('TAI-AUTH-THROTTLED', { detail: `${source} ${keyId ?? ''}`.trim() });
    }
    try {
      request.ctx = requestContext(request, asActor(deps.ctx, await authenticate(deps, header)));
    } catch (e) {
      if (e instanceof DomainError) {
        for (const note of throttle.recordFailure(source, others, now)) {
          await recordAuditAlone(deps.ctx, {
            type: 'auth.failure',
            actor: 'anonymous',
            customerId: null,
            outcome: 'denied',
            details: {
              code: e.code,
              method: request.method,
              route: request.routeOptions.url ?? '',
              source: request.ip,
              window: note.kind,
              count: note.count,
              windowStartedAt: isoOf(note.windowStartedAt),
            },
          });
        }
      }
      throw e;
    }
  };
