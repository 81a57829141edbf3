/**
 * The deployment rules against the contract: which targets it allows, and how much capacity its
 * limits leave. Checked before anything is reserved; the capacity check again under the customer's lock.
 */
import type { ContractDocument, ContractLimits } from '../customer/types.ts';
import { DomainError } from '../errors/domain-error.ts';
import { HOLDS_CAPACITY, type DeploymentState, type DeploymentUsage } from './types.ts';

/** Refuses a deployment the contract does not cover: another contract named, or a target it does not allow. */
export const ensureContractCovers = (
  contract: Pick<ContractDocument, 'reference' | 'limits'> | null,
  request: { readonly contractReference: string; readonly target: string },
  offeredTargets: readonly string[],
): void => {
  if (contract === null || contract.reference !== request.contractReference) {
    throw new DomainError('TAI-DEPLOY-CONTRACT-MISMATCH', {
      path: '/contractReference',
      detail: request.contractReference,
    });
  }
  if (!offeredTargets.includes(request.target))
    throw new DomainError('TAI-DEPLOY-TARGET-UNKNOWN', { path: '/target', detail: request.target });
  const allowed = contract.limits.allowedTargets;
  if (allowed !== undefined && !allowed.includes(request.target))
    throw new DomainError('TAI-DEPLOY-TARGET-NOT-ALLOWED', { path: '/target', detail: request.target });
};

/** Refuses a reservation of `units` that the limits do not leave room for, given what is held now. */
export const ensureCapacity = (usage: DeploymentUsage, limits: ContractLimits, units: number): void => {
  if (usage.count >= limits.maxActiveDeployments) {
    throw new DomainError('TAI-DEPLOY-MAX-ACTIVE', {
      detail: `${usage.count} active of ${limits.maxActiveDeployments}`,
    });
  }
  if (usage.capacityUnits + units > limits.capacityUnits) {
    throw new DomainError('TAI-DEPLOY-CAPACITY-EXCEEDED', {
      path: '/capacityUnits',
      detail: `${usage.capacityUnits} + ${units} > ${limits.capacityUnits}`,
    });
  }
};

/** How a move from one state to another changes the capacity held (from null: a new deployment). */
export const usageDelta = (
  from: DeploymentState | null,
  to: DeploymentState,
  units: number,
): { readonly count: number; readonly units: number } => {
  const before = from !== null && HOLDS_CAPACITY[from] ? 1 : 0;
  const after = HOLDS_CAPACITY[to] ? 1 : 0;
  return { count: after - before, units: (after - before) * units };
};
