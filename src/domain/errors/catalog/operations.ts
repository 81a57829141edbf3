import { defineErrors } from '../spec.ts';

/** Contractual operations: publish and deploy, and the idempotency keys that guard them. */
export const operationsErrors = defineErrors({
  'TAI-IDEMPOTENCY-KEY-INVALID': {
    status: 400,
    message: 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.',
    internal: 'Malformed Idempotency-Key header.',
    retryable: false,
  },
  'TAI-IDEMPOTENCY-MISMATCH': {
    status: 422,
    message: 'This Idempotency-Key was already used with a different request.',
    internal: 'Same customer and key, different method, path or canonical body fingerprint.',
    retryable: false,
  },
  'TAI-IDEMPOTENCY-IN-FLIGHT': {
    status: 409,
    message: 'A request with this Idempotency-Key is still being processed. Retry later.',
    internal:
      'The key is claimed by a request that has not finished (or was abandoned less than the takeover time ago).',
    retryable: true,
  },
});
