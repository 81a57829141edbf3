/**
 * The admin token exchanged through the sign-in form. Failures go through the same throttle as bad bearer
 * tokens (per source address, services/auth/credential-failures.ts): past the burst the form answers 429
 * TAI-AUTH-THROTTLED with Retry-After, and the audit trail gets the same few `auth.failure` events per source
 * and window, never one per attempt. A customer API key is not the admin token, so it fails like any other
 * wrong token.
 */
import type { FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../domain/errors/catalog/index.ts';
import { recordAuditAlone } from '../../services/audit/record-audit.ts';
import type { CredentialFailures } from '../../services/auth/credential-failures.ts';
import { secretMatches } from '../../services/auth/secrets.ts';
import type { HttpDeps } from '../http/deps.ts';

/** The API's code for a throttled credential (429 with Retry-After), named on the page. */
const THROTTLED: ErrorCode = 'TAI-AUTH-THROTTLED';

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
  failures: CredentialFailures,
  request: FastifyRequest,
  token: string,
): Promise<SignInOutcome> => {
  const attempt = { ip: request.ip, method: request.method, route: '/ops/sign-in' };
  const wait = failures.waitSeconds(attempt);
  if (wait !== null) {
    return {
      kind: 'refused',
      status: 429,
      problem: `Too many failed sign-ins from this address (${THROTTLED}). Try again in ${wait} s.`,
      retryAfterSeconds: wait,
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
  await failures.failed(attempt, 'TAI-AUTH-INVALID');
  return { kind: 'refused', status: 401, problem: 'That is not the admin token.' };
};
