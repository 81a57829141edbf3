import { defineErrors } from '../spec.ts';

/** Instances, owned work and recovery after a crash (docs/runbooks/instance-takeover.md). */
export const instanceErrors = defineErrors({
  'TAI-INSTANCE-FENCED': {
    status: 503,
    message: 'This request was interrupted: the service instance handling it lost its lease. Retry it.',
    internal:
      'The instance held a piece of work (a deployment, an idempotency claim) under a fencing token that is no longer current: it paused or lost the database past its lease (TAI_INSTANCE_LEASE) and another instance took the work over. Nothing was written. A retry with the same Idempotency-Key runs or replays.',
    retryable: true,
  },
  'TAI-INSTANCE-SQLITE-IN-USE': {
    status: 503,
    message: 'The service is already running on this SQLite database.',
    internal:
      'SQLite serves one instance: another `tai serve` holds the lock file beside the database (named in the detail). Stop it, or run several instances on PostgreSQL (TAI_DB_URL=postgres://...).',
    retryable: false,
  },
});
