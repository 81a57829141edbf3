/** The mode policy (eval, pilot, prod) and system-wide degradation. */
export { effectiveMode } from './policy.ts';
export { ensureAuthorized } from './authorize.ts';
export type { Authorization, CertificateStanding, Operation, Refusal } from './authorize.ts';
export { banner, receiptStamp } from './decorate.ts';
export { lastInsurerSuccess, systemReadOnly } from './system.ts';
export type { OperatorReadOnly, SystemReadOnly } from './system.ts';
