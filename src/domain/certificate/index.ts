/** The certificate lifecycle: the public face the services, store and scheduler use. */
export { eventOfCheck, eventOfRenewal } from './types.ts';
export type { CertificateRecord, CheckOutcome, LifecycleEvent } from './types.ts';
export { makeLifecyclePolicy } from './policy.ts';
export type { LifecyclePolicy } from './policy.ts';
export { seededRandom } from './random.ts';
export type { RandomSource } from './random.ts';
export { newCertificateRecord } from './record.ts';
export { transition } from './transition.ts';
export { lifecycleView } from './view.ts';
export type { LifecycleView } from './view.ts';
export { DueQueue, armFrom, checkDue } from './due-queue.ts';
export { CallBudget, insurerCallBudget } from './call-budget.ts';
