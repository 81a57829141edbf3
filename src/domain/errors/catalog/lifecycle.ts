import { defineErrors } from '../spec.ts';

/** Certificate lifecycle, modes and degradation. */
export const lifecycleErrors = defineErrors({
  'TAI-READONLY-SYSTEM': {
    status: 503,
    message: 'The service is temporarily read-only. Reads keep working; retry the change later.',
    internal:
      'System read-only: an operator forced it (PUT /v1/admin/read-only) or the insurer has been unreachable for every customer beyond the grace period. The banner names which. Runbook: certificate-renewal-and-recovery.',
    retryable: true,
  },
  'TAI-READONLY-CUSTOMER': {
    status: 503,
    message:
      'This account is temporarily read-only because its insurance certificate is not currently valid. Reads keep working.',
    internal:
      'Customer degraded: certificate expired, revoked, suspended, rejected by the insurer, unverifiable beyond the grace, or recovery pending (good checks or operator verification). The banner carries the reason.',
    retryable: true,
  },
  'TAI-MODE-EVAL': {
    status: 403,
    message:
      'This account is in evaluation mode: publish and deploy are advisory only and are refused. The refusal is recorded in a signed receipt.',
    internal: 'Effective mode is eval (customer mode or the TAI_MAX_MODE cap). The caller writes a refusal receipt.',
    retryable: false,
  },
  'TAI-MODE-CONTRACT-REQUIRED': {
    status: 403,
    message: 'This operation needs a signed contract, and none is recorded for this account.',
    internal: 'Pilot or prod customer without a contract (PUT /v1/admin/customers/{id}/contract never called).',
    retryable: false,
  },
  'TAI-MODE-CONTRACT-INACTIVE': {
    status: 403,
    message: 'Your contract is not in force today.',
    internal: 'Today (UTC) is outside the contract document [startsOn, endsOn].',
    retryable: false,
  },
  'TAI-MODE-CONTRACT-EXCLUDES': {
    status: 403,
    message: 'Your contract does not include this operation.',
    internal: "The contract document's features do not list the operation (publish or deploy).",
    retryable: false,
  },
  'TAI-MODE-INSURANCE-REQUIRED': {
    status: 403,
    message: 'Production operations need a live insurance certificate, and none is verified for this account yet.',
    internal:
      'Prod customer whose certificate is not linked, not yet verified, or not yet effective. Lapsed certificates give TAI-READONLY-CUSTOMER instead.',
    retryable: false,
  },
  'TAI-CERT-NOT-LINKED': {
    status: 409,
    message: 'No insurance certificate is linked to this customer.',
    internal:
      'Renewal or check asked for a customer whose record holds no verified certificate. Link one (PUT .../insurance) or provision one.',
    retryable: false,
  },
  'TAI-CERT-NOT-LIVE': {
    status: 422,
    message: 'That certificate is not live: it is expired, not yet effective, suspended or revoked.',
    internal: 'Rotation target failed isActive(certificate, now) as read from the insurer.',
    retryable: false,
  },
  'TAI-CERT-ALREADY-CURRENT': {
    status: 409,
    message: "That certificate is already this customer's current certificate.",
    internal: 'Rotate named the certificate id already in use; use POST .../insurance/check to re-verify it.',
    retryable: false,
  },
  'TAI-CERT-NOT-DEGRADED': {
    status: 409,
    message: 'There is nothing to recover: this customer is not read-only.',
    internal: 'POST .../insurance/recover while the record has no recovery pending.',
    retryable: false,
  },
  'TAI-CERT-STILL-DEGRADED': {
    status: 409,
    message: 'The certificate is not valid yet, so recovery cannot be confirmed.',
    internal:
      'POST .../insurance/recover while the certificate is still expired, revoked, suspended, rejected or unverifiable beyond the grace. Renew, rotate or check first.',
    retryable: false,
  },
  'TAI-CERT-CHECK-DEFERRED': {
    status: 429,
    message: 'Too many insurer checks are in progress. Retry shortly.',
    internal:
      "The insurer call budget (under the provider's rate limit) has no slot now; the answer's retry time is the next free slot.",
    retryable: true,
  },
});
