/** The deployment machine: states, capacity rules, transitions. */
export { ensureContractCovers } from './capacity.ts';
export type { ExecutionOutcome, FailureReason } from './outcome.ts';
export { transition } from './transition.ts';
export type { DeploymentEvent, DeploymentRequest } from './transition.ts';
export { nextSteps } from './types.ts';
export type { Deployment, DeploymentUsage, ParameterValue } from './types.ts';
export { deployRefusalNotice } from './refusal.ts';
