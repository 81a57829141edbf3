/**
 * The admin token exchanged through the sign-in form. Failures go through the same throttle as bad bearer
 * tokens (per source address): past the burst the form answers 429 with Retry-After, and the audit trail
 * gets the same few `auth.failure` events per source and window, never one per attempt. A customer API key
 * is not the admin token, so it fails like any other wrong token.
 */
import type { FastifyRequest } from 'fastify';
import { isoOf } from '../../domain/shared/clock.ts';
import { recordAuditAlone } from '../../services/audit/record-audit.ts';
import type { AuthFailureThrottle } from '../../services/auth/failure-throttle.ts';
import { secretMatches } from '../../services/auth/secrets.ts';
import type { HttpDeps } from '../http/deps.ts';

type SignInOutcome =
  | { readonly kind: 'admin' }
  | {
      readonly kind: 'refused';
      readonly status: 401 | 429;
      readonly problem: string;
      readonly retryAfterSeconds?: number;
    };

export const signIn = async (
  deps: HttpDeps,
  throttle: AuthFailureThrottle,
  request: FastifyRequest,
  token: string,
  nowMs: number,
): Promise<SignInOutcome> => {
  const source = `ip:${request.ip}`;
  const wait = throttle.blockedFor([source], nowMs);
  if (wait !== null) {
    throttle.noteRefused(source, nowMs);
    const seconds = Math.ceil(wait / 1000);
    return {
      kind: 'refused',
      status: 429,
      problem: `Too many failed sign-ins. Try again in ${seconds} s.`,
      retryAfterSeconds: seconds,
    };
  }
  if (secretMatches(token.trim(), deps.auth.adminTokenHash)) {
    await recordAuditAlone(deps.ctx, {
      type: 'ops.sign_in',
      actor: 'admin',
      customerId: null,
      outcome: 'success',
      details: { source: request.ip },
    });
    return { kind: 'admin' };
  }
  for (const note of throttle.recordFailure(source, [], nowMs)) {
    await recordAuditAlone(deps.ctx, {
      type: 'auth.failure',
      actor: 'anonymous',
      customerId: null,
      outcome: 'denied',
      details: {
        code: 'TAI-AUTH-INVALID',
        method: request.method,
        route: '/ops/sign-in',
        source: request.ip,
        window: note.kind,
        count: note.count,
        windowStartedAt: isoOf(note.windowStartedAt),
      },
    });
  }
  return { kind: 'refused', status: 401, problem: 'That is not the admin token.' };
};
