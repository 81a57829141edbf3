/**
 * Credentials checked outside the API's bearer hook (the /metrics token, the dashboard's sign-in form),
 * throttled and audited exactly like a bad bearer token: they count in the same per-address throttle, a
 * throttled address waits (429 TAI-AUTH-THROTTLED with Retry-After at the edge), and a burst writes the
 * throttle's few `auth.failure` events per window, never one per attempt.
 */
import type { ErrorCode } from '../../domain/errors/catalog/index.ts';
import { isoOf } from '../../domain/shared/clock.ts';
import { recordAuditAlone } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import type { AuthFailureThrottle } from './failure-throttle.ts';

/** Where an attempt came from and what it asked for, as the audit event names them. */
interface CredentialAttempt {
  readonly ip: string;
  readonly method: string;
  readonly route: string;
}

export class CredentialFailures {
  readonly #ctx: ServiceContext;
  readonly #throttle: AuthFailureThrottle;

  constructor(ctx: ServiceContext, throttle: AuthFailureThrottle) {
    this.#ctx = ctx;
    this.#throttle = throttle;
  }

  /** Whole seconds this address must wait (the attempt counted as refused), or null when it may try. */
  waitSeconds(attempt: CredentialAttempt): number | null {
    const source = `ip:${attempt.ip}`;
    const now = this.#ctx.clock.now();
    const wait = this.#throttle.blockedFor([source], now);
    if (wait === null) return null;
    this.#throttle.noteRefused(source, now);
    return Math.ceil(wait / 1000);
  }

  /** Counts a wrong credential against the address and writes the audit events the throttle calls for. */
  async failed(attempt: CredentialAttempt, code: ErrorCode): Promise<void> {
    for (const note of this.#throttle.recordFailure(`ip:${attempt.ip}`, [], this.#ctx.clock.now())) {
      await recordAuditAlone(this.#ctx, {
        type: 'auth.failure',
        actor: 'anonymous',
        customerId: null,
        outcome: 'denied',
        details: {
          code,
          method: attempt.method,
          route: attempt.route,
          source: attempt.ip,
          window: note.kind,
          count: note.count,
          windowStartedAt: isoOf(note.windowStartedAt),
        },
      });
    }
  }
}
