import { defineErrors } from '../spec.ts';

/** The insurer API client and simulator. Mapped from client error codes by domain/insurance/insurer-error.ts. */
export const insurerErrors = defineErrors({
  'TAI-INSURER-UNAVAILABLE': {
    status: 503,
    message: 'The insurance provider cannot be reached right now. Try again later.',
    internal:
      'Transient insurer failure after retries: timeout, network error, provider 5xx, circuit breaker open, overall deadline passed or JWKS unreachable. The InsurerError code says which.',
    retryable: true,
  },
  'TAI-INSURER-RATE-LIMITED': {
    status: 503,
    message: 'The insurance provider is busy. Try again later.',
    internal: 'Provider answered 429 (Retry-After too long or retries spent), or our own limiter queue was full.',
    retryable: true,
  },
  'TAI-INSURER-CREDENTIALS': {
    status: 502,
    message: 'Insurance verification is unavailable because of a configuration problem on our side.',
    internal:
      'Provider answered 401/403 to our API key: missing, wrong, revoked or lacking permission. Check TAI_INSURER_API_KEY.',
    retryable: false,
  },
  'TAI-INSURER-CERT-NOT-FOUND': {
    status: 404,
    message: 'The insurance provider does not know this certificate.',
    internal: 'Provider answered 404/410 for the certificate or certificate request id.',
    retryable: false,
  },
  'TAI-INSURER-CONFLICT': {
    status: 409,
    message: 'The insurance provider refused this change to the certificate.',
    internal: 'Provider answered 409, e.g. renewing a revoked certificate.',
    retryable: false,
  },
  'TAI-INSURER-BAD-REQUEST': {
    status: 502,
    message: 'The insurance provider rejected our request.',
    internal:
      'Provider answered another 4xx: our request does not match its contract. A client bug or a contract change.',
    retryable: false,
  },
  'TAI-INSURER-MALFORMED': {
    status: 502,
    message: 'The insurance provider sent a response we cannot read.',
    internal:
      'Body not JSON, JWS not compact, payload not a certificate document, or certificate id differs from the one asked for.',
    retryable: false,
  },
  'TAI-INSURER-SIGNATURE-INVALID': {
    status: 502,
    message: 'The insurance certificate could not be authenticated.',
    internal:
      'JWS signature did not verify, wrong alg/typ, or its kid is not in the provider JWKS even after a refetch. Possible tampering: alert ops.',
    retryable: false,
  },
  'TAI-INSURER-CERT-EXPIRED': {
    status: 409,
    message: 'The insurance certificate has expired.',
    internal: 'Authentic certificate, but now >= expiresAt.',
    retryable: false,
  },
  'TAI-INSURER-CERT-NOT-YET-EFFECTIVE': {
    status: 409,
    message: 'The insurance certificate is not yet in effect.',
    internal: 'Authentic certificate, but now < effectiveFrom.',
    retryable: false,
  },
  'TAI-INSURER-CERT-SUSPENDED': {
    status: 409,
    message: 'The insurance certificate is suspended.',
    internal: 'Authentic certificate with status suspended.',
    retryable: false,
  },
  'TAI-INSURER-CERT-REVOKED': {
    status: 409,
    message: 'The insurance certificate has been revoked.',
    internal: 'Authentic certificate with status revoked. Escalate (see the certificate runbook).',
    retryable: false,
  },
});
