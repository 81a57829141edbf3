/** The deployment machine: states, capacity rules, transitions. */
export { ensureCapacity, ensureContractCovers, usageDelta } from './capacity.ts';
export { publicOutcome } from './outcome.ts';
export type { DeploymentOutcome, ExecutionOutcome, FailureReason } from './outcome.ts';
export { advisory, transition } from './transition.ts';
export type { DeploymentEvent, DeploymentRequest, DeploymentTransition } from './transition.ts';
export { DEPLOYMENT_STATES, HOLDS_CAPACITY, nextSteps } from './types.ts';
export type { Deployment, DeploymentState, DeploymentUsage, ParameterValue } from './types.ts';
export { deployRefusalNotice } from './refusal.ts';
export type { DeployRefusal } from './refusal.ts';
