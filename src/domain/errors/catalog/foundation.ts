import { defineErrors } from '../spec.ts';

/** Request shape, authentication, tenancy and onboarding. */
export const foundationErrors = defineErrors({
  'TAI-REQ-VALIDATION': {
    status: 400,
    message: 'The request does not match the schema for this endpoint.',
    internal:
      'JSON schema validation failed: unknown field, wrong type, missing field or bad format. `path` names the field.',
    retryable: false,
  },
  'TAI-REQ-MALFORMED-JSON': {
    status: 400,
    message: 'The request body is not valid JSON.',
    internal: 'The JSON body parser rejected the payload.',
    retryable: false,
  },
  'TAI-REQ-TOO-LARGE': {
    status: 413,
    message: 'The request body is larger than this endpoint accepts.',
    internal: 'Body exceeded TAI_BODY_LIMIT_BYTES.',
    retryable: false,
  },
  'TAI-REQ-UNSUPPORTED-MEDIA-TYPE': {
    status: 415,
    message: 'Send the request body as application/json.',
    internal: 'No content-type parser matched the request.',
    retryable: false,
  },
  'TAI-REQ-TEXT-INVALID': {
    status: 400,
    message:
      'A text field holds characters this API does not accept: a lone surrogate, a control character, or (in names, references and identifiers) a bidirectional override. `path` names the field.',
    internal:
      'The taiText rule of src/edges/http/validation.ts (or the body parser, for a lone surrogate anywhere in the body) refused the value. See README "Hostile input and limits".',
    retryable: false,
  },
  'TAI-REQ-BAD-URL': {
    status: 400,
    message: 'The request URL is not valid: a percent-encoding that is not UTF-8, or a malformed path.',
    internal: "Fastify's router could not decode the path (FST_ERR_BAD_URL).",
    retryable: false,
  },
  'TAI-REQ-URI-TOO-LONG': {
    status: 414,
    message: 'A path parameter is longer than this API accepts.',
    internal: "A path parameter exceeded the router's maxParamLength (FST_ERR_MAX_PARAM_LENGTH).",
    retryable: false,
  },
  'TAI-REQ-HEADERS-TOO-LARGE': {
    status: 431,
    message: 'The request line or headers are larger than this API accepts.',
    internal: "Node's HTTP parser stopped at its header size limit (HPE_HEADER_OVERFLOW).",
    retryable: false,
  },
  'TAI-REQ-EXPECTATION-FAILED': {
    status: 417,
    message: 'The Expect header is not supported; only 100-continue is.',
    internal: "Node's checkExpectation event: an Expect value other than 100-continue.",
    retryable: false,
  },
  'TAI-REQ-BAD-REQUEST': {
    status: 400,
    message: 'The request is not valid HTTP/1.1, or its framing is contradictory.',
    internal:
      "Node's HTTP parser refused the bytes (a garbage request line, Content-Length with Transfer-Encoding, a bad chunk) or Fastify refused the framing; the connection is closed.",
    retryable: false,
  },
  'TAI-REQ-TIMEOUT': {
    status: 408,
    message: 'The request was not received in time.',
    internal: "Node's requestTimeout or headersTimeout expired before the request was complete.",
    retryable: true,
  },
  'TAI-REQ-NOT-FOUND': {
    status: 404,
    message: 'No such endpoint.',
    internal: 'No route matched method and URL.',
    retryable: false,
  },
  'TAI-AUTH-MISSING': {
    status: 401,
    message: 'Authentication is required: send Authorization: Bearer <token>.',
    internal: 'No Authorization header, or not a Bearer credential.',
    retryable: false,
  },
  'TAI-AUTH-INVALID': {
    status: 401,
    message: 'The credential is not valid.',
    internal: 'Unknown key id, wrong secret, or a malformed token. Which one is deliberately not said to the caller.',
    retryable: false,
  },
  'TAI-AUTH-REVOKED': {
    status: 401,
    message: 'This API key has been revoked.',
    internal: 'The key exists and the secret matched, but revoked_at is set.',
    retryable: false,
  },
  'TAI-AUTH-THROTTLED': {
    status: 429,
    message:
      'Too many failed authentication attempts from this address or for this key. Retry after the Retry-After header.',
    internal:
      'More than TAI_AUTH_FAILURE_BURST failures within TAI_AUTH_FAILURE_WINDOW from one source address or for one key id (src/services/auth/failure-throttle.ts).',
    retryable: true,
  },
  'TAI-AUTH-FORBIDDEN': {
    status: 403,
    message: 'This credential may not call this endpoint.',
    internal: 'A customer key on an admin route, or an admin token on a customer route.',
    retryable: false,
  },
  'TAI-AUTH-SCOPE': {
    status: 403,
    message: 'This API key lacks the scope this endpoint needs.',
    internal: 'The key is valid but its scopes do not include the one the route requires.',
    retryable: false,
  },
  'TAI-CUSTOMER-NOT-FOUND': {
    status: 404,
    message: 'No such customer.',
    internal: 'No customer row with that id (admin routes only; customers never address others).',
    retryable: false,
  },
  'TAI-API-KEY-NOT-FOUND': {
    status: 404,
    message: 'No such API key for this customer.',
    internal: 'The key id does not exist or belongs to another customer.',
    retryable: false,
  },
  'TAI-CONTRACT-NOT-FOUND': {
    status: 404,
    message: 'No contract is recorded for this customer.',
    internal: 'PUT /v1/admin/customers/{id}/contract was never called for this customer.',
    retryable: false,
  },
  'TAI-CONTRACT-INVALID': {
    status: 422,
    message: 'The contract is not valid.',
    internal:
      'Semantic contract check failed (dates out of order, unknown currency, bad amount). `path` names the field.',
    retryable: false,
  },
  'TAI-PRICING-NOT-FOUND': {
    status: 404,
    message: 'No pricing configuration is recorded for this customer.',
    internal: 'PUT /v1/admin/customers/{id}/pricing was never called for this customer.',
    retryable: false,
  },
  'TAI-INTERNAL': {
    status: 500,
    message: 'An internal error occurred. Quote the request id when you contact support.',
    internal: 'Unclassified failure at the edge. The full error is in the log under the request id.',
    retryable: true,
  },
  'TAI-STORE-UNAVAILABLE': {
    status: 503,
    message: 'The service is temporarily unable to reach its database.',
    internal: 'The store adapter failed to connect or a query timed out.',
    retryable: true,
  },
});
