import { defineErrors } from '../spec.ts';

/** Receipts, transparency logs, checkpoints and the audit trail. */
export const receiptsErrors = defineErrors({
  'TAI-RECEIPT-INVALID': {
    status: 500,
    message: 'The receipt for this operation could not be issued. Quote the request id when you contact support.',
    internal:
      'buildReceipt/signReceipt got a field that breaks the receipt format (`path` names it): a bug in the calling service.',
    retryable: false,
  },
  'TAI-RECEIPT-KEY-INVALID': {
    status: 500,
    message: 'The service cannot sign receipts right now. Quote the request id when you contact support.',
    internal:
      'Receipt signing key material is malformed: bad JWK, kid not derived from the public key, private and public key disagree, or no active key in the keyring.',
    retryable: false,
  },
  'TAI-RECEIPT-NOT-FOUND': {
    status: 404,
    message: 'No such receipt.',
    internal:
      "No receipt with that id in the caller's own log (receipts of other customers are reported the same way).",
    retryable: false,
  },
  'TAI-RECEIPT-KEY-UNKNOWN': {
    status: 404,
    message: 'No receipt signing key has that kid.',
    internal: 'POST /v1/admin/receipt-keys/{kid}/revoke named a kid that is not in the keyring.',
    retryable: false,
  },
  'TAI-RECEIPT-KEY-REVOCATION-INVALID': {
    status: 422,
    message:
      'compromisedAt must be an instant like 2026-01-15T09:30:00.000Z, not in the future and not before the key was created.',
    internal: 'revokeKeyring refused the compromisedAt of a revocation request.',
    retryable: false,
  },
  'TAI-LEDGER-RANGE-INVALID': {
    status: 400,
    message: 'The requested tree sizes are out of range: use 0 < from <= to <= the current tree size.',
    internal:
      'A consistency or inclusion proof was asked for sizes the log does not have (merkle.ts throws RangeError).',
    retryable: false,
  },
  'TAI-CHECKPOINT-INVALID': {
    status: 500,
    message: 'The ledger checkpoint could not be produced. Quote the request id when you contact support.',
    internal:
      'buildCheckpoint got an origin with spaces, plus or control characters, a bad tree size or a root that is not 32 bytes.',
    retryable: false,
  },
  'TAI-AUDIT-EVENT-INVALID': {
    status: 500,
    message: 'An internal error occurred. Quote the request id when you contact support.',
    internal: 'An audit event broke the event format (`path` names the field): a bug in the caller.',
    retryable: false,
  },
  'TAI-AUDIT-CHAIN-BROKEN': {
    status: 500,
    message: 'An internal error occurred. Quote the request id when you contact support.',
    internal:
      'verifyAuditChain failed (detail names the first bad seq): rows were altered outside the service. Pruning refuses to run on a broken chain.',
    retryable: false,
  },
});
