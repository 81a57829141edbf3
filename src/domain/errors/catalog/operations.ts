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
  'TAI-PRICING-VERSION-NOT-FOUND': {
    status: 404,
    message: 'No such pricing version for this customer.',
    internal: 'publish named a pricingVersion the customer does not have.',
    retryable: false,
  },
  'TAI-OPERATION-TIMEOUT': {
    status: 503,
    message: 'The operation did not complete in time and changed nothing. Retry with the same Idempotency-Key.',
    internal: 'The request passed its deadline (5 s for publish) before its transaction committed; it was rolled back.',
    retryable: true,
  },
  'TAI-DEPLOY-CONTRACT-MISMATCH': {
    status: 403,
    message: "The contract reference is not this customer's contract in force.",
    internal:
      'contractReference differs from the reference of the customer’s current contract (another customer’s, an old or a made-up one).',
    retryable: false,
  },
  'TAI-DEPLOY-TARGET-UNKNOWN': {
    status: 422,
    message: 'This installation has no such deployment target.',
    internal: 'target is not one of the configured executors (TAI_DEPLOY_TARGETS).',
    retryable: false,
  },
  'TAI-DEPLOY-TARGET-NOT-ALLOWED': {
    status: 403,
    message: 'Your contract does not allow this deployment target.',
    internal: 'The contract limits list allowedTargets and target is not among them.',
    retryable: false,
  },
  'TAI-DEPLOY-CAPACITY-EXCEEDED': {
    status: 409,
    message:
      'The deployment would exceed the capacity units of your contract. Remove a deployment or upgrade the contract.',
    internal:
      'Sum of capacityUnits of active (reserved, running, succeeded) deployments plus this one exceeds limits.capacityUnits.',
    retryable: false,
  },
  'TAI-DEPLOY-MAX-ACTIVE': {
    status: 409,
    message: 'Your contract allows no more active deployments. Remove one or upgrade the contract.',
    internal: 'Active deployments already equal limits.maxActiveDeployments.',
    retryable: false,
  },
  'TAI-DEPLOY-SPEC-INVALID': {
    status: 422,
    message: 'The deployment request is not valid.',
    internal: 'The executor spec check refused the request (parameter names, sizes, artifact). `path` names the field.',
    retryable: false,
  },
  'TAI-DEPLOYMENT-NOT-FOUND': {
    status: 404,
    message: 'No such deployment.',
    internal: 'Unknown deployment id, or another customer’s.',
    retryable: false,
  },
  'TAI-DEPLOYMENT-NOT-ACTIVE': {
    status: 409,
    message: 'This deployment is not in a state that allows this change (it has ended, or has not started).',
    internal:
      'DELETE on a deployment that failed, rolled back, or was already removed; or an operator resolving one that already ended, or resolving one still reserved (never started) as succeeded.',
    retryable: false,
  },
  'TAI-DEPLOYMENT-NOT-ORPHANED': {
    status: 409,
    message: 'This deployment is still run by a live service instance; only an orphaned one can be resolved.',
    internal:
      'POST /v1/admin/deployments/{id}/resolve on a reserved or running deployment whose owning instance is live and within its lease (TAI_INSTANCE_LEASE), and that does not await an operator. Wait for it to finish, or for its lease to lapse.',
    retryable: false,
  },
});
