/** The certificate lifecycle: the public face the services, store and scheduler use. */
export { CERTIFICATE_STATES, eventOfCheck, eventOfRenewal } from './types.ts';
export type {
  CertificateRecord,
  CertificateState,
  CheckOutcome,
  DegradedReason,
  FailureKind,
  FailureNote,
  LifecycleEvent,
  LifecycleEventType,
  RaisedWarning,
  ReadOnlyReason,
  RecoveryProgress,
  RenewalProgress,
  WarningThreshold,
} from './types.ts';
export { CERTIFICATE_EVENT_DISCLAIMER } from './effects.ts';
export type { CertificateEventReceipt } from './effects.ts';
export { WARNING_THRESHOLDS, defaultLifecyclePolicy, makeLifecyclePolicy } from './policy.ts';
export type { LifecyclePolicy, RecoveryPolicy } from './policy.ts';
export { seededRandom, stableHash } from './random.ts';
export type { RandomSource } from './random.ts';
export { newCertificateRecord } from './record.ts';
export { canApply } from './guard.ts';
export type { GuardRefusal, LifecycleErrorCode } from './guard.ts';
export { transition } from './transition.ts';
export type { TransitionResult } from './transition.ts';
export {
  currentState,
  degradation,
  effectiveCertificate,
  graceEndsAt,
  isDegradedReason,
  lifecycleView,
  writable,
} from './view.ts';
export type { LifecycleView, WritableAnswer } from './view.ts';
export { dueWarnings } from './warnings.ts';
export { computeWakeAt, nextRoutineCheck, phaseOffset, renewalDueAt, renewalRetryDelay, retryDelay } from './timing.ts';
export { DueQueue, armFrom, checkDue } from './due-queue.ts';
export { CallBudget, insurerCallBudget } from './call-budget.ts';
