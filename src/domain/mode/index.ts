/** The mode policy (the plan's ac_eval_mode / ac_prod_mode) and system-wide degradation. */
export { authority, effectiveMode } from './policy.ts';
export { OPERATIONS, ensureAuthorized } from './authorize.ts';
export type {
  Authorization,
  AuthorizationInput,
  CertificateStanding,
  Operation,
  Refusal,
  RefusalCode,
} from './authorize.ts';
export { DISCLAIMERS, banner, decorate, modeStamp, receiptStamp } from './decorate.ts';
export type { BannerSubject, ModeStamp } from './decorate.ts';
export { lastInsurerSuccess, systemReadOnly } from './system.ts';
export type { OperatorReadOnly, SystemReadOnly, SystemReadOnlyInput } from './system.ts';
