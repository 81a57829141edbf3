/** A fresh lifecycle record for a customer that has no certificate yet. */
import type { CertificateRecord } from './types.ts';

export const newCertificateRecord = (customerId: string, nowMs: number): CertificateRecord => ({
  customerId,
  state: 'verifying',
  certificateId: null,
  certificate: null,
  provisioningRequestId: null,
  lastCheckAt: null,
  lastVerifiedAt: null,
  consecutiveFailures: 0,
  lastFailure: null,
  rejectedAt: null,
  nextCheckAt: null,
  wakeAt: null,
  renewal: null,
  recovery: null,
  warnings: [],
  updatedAt: nowMs,
  version: 0,
});
