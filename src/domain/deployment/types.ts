/**
 * A deployment: a configuration run under the customer's contract, holding part of the contract's
 * capacity while it is reserved, running or succeeded. States and what each means:
 * - reserved: capacity is reserved, execution is starting;
 * - running: the executor is carrying it out;
 * - succeeded: active, holding capacity until removed;
 * - failed: the executor failed; capacity is free;
 * - rolled_back: stopped while it ran (authority lost, or the service stopped); capacity is free;
 * - removed: the customer removed a succeeded deployment; capacity is free.
 * A reserved or running deployment whose instance was lost may instead await an operator (`orphanedAt`,
 * TAI_ORPHANED_DEPLOYMENTS=operator): stopped, never run again, holding its capacity until resolved.
 */
import type { Authority } from '../customer/types.ts';
import type { InsuranceStamp } from '../insurance/certificate.ts';
import type { DeploymentOutcome } from './outcome.ts';

export const DEPLOYMENT_STATES = ['reserved', 'running', 'succeeded', 'failed', 'rolled_back', 'removed'] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

export type ParameterValue = string | number | boolean;

export interface Deployment {
  readonly id: string;
  readonly customerId: string;
  readonly contractReference: string;
  readonly target: string;
  readonly capacityUnits: number;
  readonly artifact: string;
  readonly parameters: Readonly<Record<string, ParameterValue>>;
  readonly state: DeploymentState;
  readonly authority: Authority;
  readonly insurance: InsuranceStamp | null;
  readonly outcome: DeploymentOutcome | null;
  /** Receipt ids in issue order: acceptance, completion, removal. */
  readonly receipts: readonly string[];
  /** When recovery left it for an operator to resolve (its instance was lost); null otherwise. */
  readonly orphanedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** How many of a customer's deployments hold capacity, and how much they hold. */
export interface DeploymentUsage {
  readonly count: number;
  readonly capacityUnits: number;
}

export const HOLDS_CAPACITY: Readonly<Record<DeploymentState, boolean>> = {
  reserved: true,
  running: true,
  succeeded: true,
  failed: false,
  rolled_back: false,
  removed: false,
};

/** No transition leaves these. */
export const TERMINAL: Readonly<Record<DeploymentState, boolean>> = {
  reserved: false,
  running: false,
  succeeded: false,
  failed: true,
  rolled_back: true,
  removed: true,
};

/** Which state may follow which. */
export const ALLOWED: Readonly<Record<DeploymentState, readonly DeploymentState[]>> = {
  reserved: ['running', 'rolled_back'],
  running: ['succeeded', 'failed', 'rolled_back'],
  succeeded: ['removed'],
  failed: [],
  rolled_back: [],
  removed: [],
};

/** What the customer can do next, per state ({id} is the deployment's id). */
const NEXT_STEPS: Readonly<Record<DeploymentState, string>> = {
  reserved: 'Capacity is reserved and execution is starting: poll GET /v1/deployments/{id}.',
  running: 'Executing: poll GET /v1/deployments/{id} for the completion receipt.',
  succeeded: 'Active and holding capacity. DELETE /v1/deployments/{id} removes it and frees its capacity.',
  failed: 'Failed; its capacity is free. Inspect the outcome, fix the artifact or parameters, and deploy again.',
  rolled_back:
    'Stopped and rolled back (authority lost, or the service stopped, while it ran); capacity is free. Deploy again once insurance is restored.',
  removed: 'Removed; its capacity is free.',
};

const AWAITING_OPERATOR =
  'Stopped: the service instance running it was lost. It is not run again; its capacity stays reserved until an operator resolves it as rolled back or succeeded.';

/** Whether it awaits an operator's resolution (POST /v1/admin/deployments/{id}/resolve). */
const awaitsOperator = (d: Pick<Deployment, 'state' | 'orphanedAt'>): boolean =>
  d.orphanedAt !== null && (d.state === 'reserved' || d.state === 'running');

export const nextSteps = (d: Pick<Deployment, 'id' | 'state' | 'orphanedAt'>): string =>
  (awaitsOperator(d) ? AWAITING_OPERATOR : NEXT_STEPS[d.state]).replace('{id}', d.id);
